/// One reserved date for one tenant, created by a paid checkout (SPEC §4). Its id is the checkout
/// session id. It holds no customer data: no email, no couple name.
struct Booking: Equatable, Sendable {
    /// The checkout session id (`cs_…`).
    let id: String
    let tenantID: TenantID
    /// The reserved calendar date (`eventDate` of the checkout).
    let date: CalendarDate
    var status: BookingStatus
    let total: Cents
    /// Lower-case ISO code.
    let currency: String
    /// Unix seconds: the checkout event's `created`.
    let paidAt: Int64
    let checkoutSessionID: String
    let paymentIntentID: String?
    /// The tenant's rate when paid, snapshotted.
    let rate: BasisPoints
    let commission: Cents
    /// Cumulative refunded cents.
    var refunded: Cents
    /// Cumulative commission reversed by refunds.
    var reversed: Cents
    var refundStatus: RefundStatus
    /// The `checkout.session.completed` event that created the booking.
    let eventID: String
    let packageID: String?
    let tierID: String?
    let addOnIDs: [String]
    /// Informational `commissionAmount` of the checkout metadata, integer cents.
    let metadataCommissionAmount: Cents?
    /// Informational `commissionPercent` of the checkout metadata.
    let metadataCommissionRate: BasisPoints?
    let warnings: [BookingWarning]

    init(
        id: String, tenantID: TenantID, date: CalendarDate, status: BookingStatus, total: Cents, currency: String,
        paidAt: Int64, checkoutSessionID: String, paymentIntentID: String?, rate: BasisPoints, commission: Cents,
        refunded: Cents, reversed: Cents, refundStatus: RefundStatus, eventID: String, packageID: String?,
        tierID: String?, addOnIDs: [String], metadataCommissionAmount: Cents?, metadataCommissionRate: BasisPoints?,
        warnings: [BookingWarning]
    ) {
        self.id = id
        self.tenantID = tenantID
        self.date = date
        self.status = status
        self.total = total
        self.currency = currency
        self.paidAt = paidAt
        self.checkoutSessionID = checkoutSessionID
        self.paymentIntentID = paymentIntentID
        self.rate = rate
        self.commission = commission
        self.refunded = refunded
        self.reversed = reversed
        self.refundStatus = refundStatus
        self.eventID = eventID
        self.packageID = packageID
        self.tierID = tierID
        self.addOnIDs = addOnIDs
        self.metadataCommissionAmount = metadataCommissionAmount
        self.metadataCommissionRate = metadataCommissionRate
        self.warnings = warnings
    }

    /// What the tenant keeps after commission and refunds.
    var tenantNet: Cents {
        Commission.tenantNet(total: total, commission: commission, refunded: refunded, reversed: reversed)
    }

    /// The UTC day the booking was paid: its statement month.
    var paidDate: CalendarDate { CalendarDate(unixSeconds: paidAt) }
}

extension Booking: Codable {
    enum CodingKeys: String, CodingKey {
        case id, tenantId, date, status, total, currency, paidAt, checkoutSessionId, paymentIntentId
        case rateBasisPoints, commission, refunded, reversed, refundStatus, eventId, packageId, tierId, addOnIds
        case metadataCommissionAmount, metadataCommissionBasisPoints, warnings
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id),
            tenantID: TenantID(try c.decode(String.self, forKey: .tenantId)),
            date: try c.decode(CalendarDate.self, forKey: .date),
            status: try c.decode(BookingStatus.self, forKey: .status),
            total: try c.decode(Cents.self, forKey: .total),
            currency: try c.decode(String.self, forKey: .currency),
            paidAt: try c.decode(Int64.self, forKey: .paidAt),
            checkoutSessionID: try c.decode(String.self, forKey: .checkoutSessionId),
            paymentIntentID: try c.decodeIfPresent(String.self, forKey: .paymentIntentId),
            rate: BasisPoints(try c.decode(Int64.self, forKey: .rateBasisPoints)),
            commission: try c.decode(Cents.self, forKey: .commission),
            refunded: try c.decode(Cents.self, forKey: .refunded),
            reversed: try c.decode(Cents.self, forKey: .reversed),
            refundStatus: try c.decode(RefundStatus.self, forKey: .refundStatus),
            eventID: try c.decode(String.self, forKey: .eventId),
            packageID: try c.decodeIfPresent(String.self, forKey: .packageId),
            tierID: try c.decodeIfPresent(String.self, forKey: .tierId),
            addOnIDs: try c.decode([String].self, forKey: .addOnIds),
            metadataCommissionAmount: try c.decodeIfPresent(Cents.self, forKey: .metadataCommissionAmount),
            metadataCommissionRate: try c.decodeIfPresent(Int64.self, forKey: .metadataCommissionBasisPoints).map(
                BasisPoints.init),
            warnings: try c.decode([BookingWarning].self, forKey: .warnings)
        )
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(tenantID.rawValue, forKey: .tenantId)
        try c.encode(date, forKey: .date)
        try c.encode(status, forKey: .status)
        try c.encode(total, forKey: .total)
        try c.encode(currency, forKey: .currency)
        try c.encode(paidAt, forKey: .paidAt)
        try c.encode(checkoutSessionID, forKey: .checkoutSessionId)
        try c.encodeIfPresent(paymentIntentID, forKey: .paymentIntentId)
        try c.encode(rate.value, forKey: .rateBasisPoints)
        try c.encode(commission, forKey: .commission)
        try c.encode(refunded, forKey: .refunded)
        try c.encode(reversed, forKey: .reversed)
        try c.encode(refundStatus, forKey: .refundStatus)
        try c.encode(eventID, forKey: .eventId)
        try c.encodeIfPresent(packageID, forKey: .packageId)
        try c.encodeIfPresent(tierID, forKey: .tierId)
        try c.encode(addOnIDs, forKey: .addOnIds)
        try c.encodeIfPresent(metadataCommissionAmount, forKey: .metadataCommissionAmount)
        try c.encodeIfPresent(metadataCommissionRate?.value, forKey: .metadataCommissionBasisPoints)
        try c.encode(warnings, forKey: .warnings)
    }
}
