/// One append-only line of the ledger: a payment or a refund of one booking. Commission statements
/// are built from these (by the UTC month of `date`).
struct LedgerLine: Equatable, Sendable {
    enum Kind: String, Sendable, Codable {
        case payment
        case refund
    }

    /// 1-based position in the ledger, stable across runs.
    let sequence: Int
    let kind: Kind
    /// Unix seconds of the event that made the line.
    let time: Int64
    let tenantID: TenantID
    let bookingID: String
    let eventID: String
    /// The tenant the event that made the line was recorded under: the line's own tenant, or
    /// ``TenantID/global`` for a refund whose metadata named no tenant.
    let eventTenantID: TenantID
    let currency: String
    /// The booking's snapshotted rate.
    let rate: BasisPoints
    /// Payment: the booking total. Refund: 0.
    let gross: Cents
    /// Payment: the commission. Refund: 0.
    let commission: Cents
    /// Refund: the newly refunded cents (difference of the cumulative amount). Payment: 0.
    let refund: Cents
    /// Refund: the newly reversed commission (difference of the cumulative reversal). Payment: 0.
    let commissionReversed: Cents

    init(
        sequence: Int, kind: Kind, time: Int64, tenantID: TenantID, bookingID: String, eventID: String,
        eventTenantID: TenantID? = nil, currency: String, rate: BasisPoints, gross: Cents, commission: Cents,
        refund: Cents, commissionReversed: Cents
    ) {
        self.sequence = sequence
        self.kind = kind
        self.time = time
        self.tenantID = tenantID
        self.bookingID = bookingID
        self.eventID = eventID
        self.eventTenantID = eventTenantID ?? tenantID
        self.currency = currency
        self.rate = rate
        self.gross = gross
        self.commission = commission
        self.refund = refund
        self.commissionReversed = commissionReversed
    }

    /// The key of the line's booking.
    var bookingKey: ScopedID { ScopedID(tenantID, bookingID) }
    /// The key of the event that made the line.
    var eventKey: ScopedID { ScopedID(eventTenantID, eventID) }

    /// The UTC day of the line: the statement month is taken from it.
    var date: CalendarDate { CalendarDate(unixSeconds: time) }

    /// The tenant's part of this line (``Commission/tenantNet(total:commission:refunded:reversed:)``);
    /// negative for a refund.
    var net: Cents {
        Commission.tenantNet(total: gross, commission: commission, refunded: refund, reversed: commissionReversed)
    }
    /// The platform's part of this line: `commission − commissionReversed`.
    var netCommission: Cents { commission - commissionReversed }
}

extension LedgerLine: Codable {
    enum CodingKeys: String, CodingKey {
        case sequence, kind, time, date, tenantId, bookingId, eventId, eventTenantId, currency, rateBasisPoints
        case gross, commission, refund, commissionReversed
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            sequence: try c.decode(Int.self, forKey: .sequence),
            kind: try c.decode(Kind.self, forKey: .kind),
            time: try c.decode(Int64.self, forKey: .time),
            tenantID: TenantID(try c.decode(String.self, forKey: .tenantId)),
            bookingID: try c.decode(String.self, forKey: .bookingId),
            eventID: try c.decode(String.self, forKey: .eventId),
            eventTenantID: try c.decodeIfPresent(String.self, forKey: .eventTenantId).map(TenantID.init),
            currency: try c.decode(String.self, forKey: .currency),
            rate: BasisPoints(try c.decode(Int64.self, forKey: .rateBasisPoints)),
            gross: try c.decode(Cents.self, forKey: .gross),
            commission: try c.decode(Cents.self, forKey: .commission),
            refund: try c.decode(Cents.self, forKey: .refund),
            commissionReversed: try c.decode(Cents.self, forKey: .commissionReversed)
        )
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(kind, forKey: .kind)
        try c.encode(time, forKey: .time)
        try c.encode(date, forKey: .date)
        try c.encode(tenantID.rawValue, forKey: .tenantId)
        try c.encode(bookingID, forKey: .bookingId)
        try c.encode(eventID, forKey: .eventId)
        if eventTenantID != tenantID { try c.encode(eventTenantID.rawValue, forKey: .eventTenantId) }
        try c.encode(currency, forKey: .currency)
        try c.encode(rate.value, forKey: .rateBasisPoints)
        try c.encode(gross, forKey: .gross)
        try c.encode(commission, forKey: .commission)
        try c.encode(refund, forKey: .refund)
        try c.encode(commissionReversed, forKey: .commissionReversed)
    }
}
