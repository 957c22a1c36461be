/// One exported version of a platform booking (`docs/canonical-forms.md`, kind `booking`). The
/// customer's email is deliberately not kept.
struct PlatformBooking: Equatable, Sendable {
    let id: String
    let tenantID: TenantID
    let date: CalendarDate
    let status: PlatformBookingStatus
    let totalCents: Cents
    let commissionAmount: Cents
    let checkoutSessionID: String?
    let paymentIntentID: String?
    let confirmationCode: String?
    /// Unix seconds; not canonical, passed in by the caller.
    let exportedAt: Int64
    let objectID: ObjectID

    init(canonical: JSONValue, exportedAt: Int64) throws(RecordViewError) {
        var r = try CanonicalReader(canonical, kind: .booking)
        id = try r.string("id")
        r.recordID = id
        tenantID = TenantID(try r.string("tenantId"))
        date = try r.date("date")
        let statusText = try r.string("status")
        guard let status = PlatformBookingStatus(rawValue: statusText) else {
            throw r.error("status", .invalid("is not a known booking status"))
        }
        self.status = status
        totalCents = try r.int("totalCents")
        commissionAmount = try r.int("commissionAmount")
        checkoutSessionID = try r.optionalString("checkoutSessionId")
        paymentIntentID = try r.optionalString("paymentIntentId")
        confirmationCode = try r.optionalString("confirmationCode")
        self.exportedAt = exportedAt
        objectID = ObjectID(digestOf: CanonicalJSON.encode(canonical))
    }

    /// Later `exportedAt` wins, ties to the larger objectID (SPEC §3.2).
    func isNewer(than other: PlatformBooking) -> Bool {
        exportedAt != other.exportedAt ? exportedAt > other.exportedAt : other.objectID < objectID
    }

    /// The latest version of each `(tenantId, id)`, sorted by `(tenantId, id)`.
    static func latestVersions(_ versions: [PlatformBooking]) -> [PlatformBooking] {
        var latest: [RecordKey: PlatformBooking] = [:]
        for v in versions {
            let key = RecordKey(kind: .booking, tenantID: v.tenantID, id: v.id)
            if let existing = latest[key], !v.isNewer(than: existing) { continue }
            latest[key] = v
        }
        return latest.sorted { $0.key < $1.key }.map(\.value)
    }
}

/// The platform's booking statuses (SPEC §3.2).
enum PlatformBookingStatus: String, CaseIterable, Sendable, Codable {
    case pending = "PENDING"
    case depositPaid = "DEPOSIT_PAID"
    case paid = "PAID"
    case confirmed = "CONFIRMED"
    case canceled = "CANCELED"
    case refunded = "REFUNDED"
    case fulfilled = "FULFILLED"
}
