/// One reconciliation exception. References are ids only; `detail` is a short sentence for humans
/// with no customer data.
public struct ReconciliationException: Equatable, Sendable, Codable {
    /// Which record the ledger was compared with, for kinds that have several.
    public enum Source: String, Sendable, Codable, Comparable {
        case platform
        case checkoutMetadata = "checkout_metadata"
        case bank

        public static func < (a: Source, b: Source) -> Bool { a.rawValue < b.rawValue }
    }

    public let kind: ExceptionKind
    public let source: Source?
    public let tenantID: String
    /// The ledger booking (checkout session id).
    public let bookingID: String?
    public let platformBookingID: String?
    public let bankEntryIDs: [String]
    /// The event that created the ledger booking.
    public let eventID: String?
    /// What the ledger (or, without a ledger booking, the platform) says, in cents.
    public let expected: Cents?
    /// What the other side says, in cents.
    public let actual: Cents?
    public let currency: String?
    public let detail: String

    public init(kind: ExceptionKind, source: Source? = nil, tenantID: TenantID, bookingID: String? = nil,
                platformBookingID: String? = nil, bankEntryIDs: [String] = [], eventID: String? = nil,
                expected: Cents? = nil, actual: Cents? = nil, currency: String? = nil, detail: String) {
        self.kind = kind
        self.source = source
        self.tenantID = tenantID.rawValue
        self.bookingID = bookingID
        self.platformBookingID = platformBookingID
        self.bankEntryIDs = bankEntryIDs
        self.eventID = eventID
        self.expected = expected
        self.actual = actual
        self.currency = currency
        self.detail = detail
    }

    public var tenant: TenantID { TenantID(tenantID) }

    /// Report order: tenant, kind, then the first reference, then the source.
    static func reportOrder(_ a: ReconciliationException, _ b: ReconciliationException) -> Bool {
        func bytes(_ s: String?) -> [UInt8] { Array((s ?? "").utf8) }
        if a.tenantID != b.tenantID { return a.tenantID.utf8.lexicographicallyPrecedes(b.tenantID.utf8) }
        if a.kind != b.kind { return a.kind < b.kind }
        let ka = [bytes(a.bookingID), bytes(a.platformBookingID), bytes(a.bankEntryIDs.first), bytes(a.source?.rawValue), bytes(a.detail)]
        let kb = [bytes(b.bookingID), bytes(b.platformBookingID), bytes(b.bankEntryIDs.first), bytes(b.source?.rawValue), bytes(b.detail)]
        for (x, y) in zip(ka, kb) where x != y { return x.lexicographicallyPrecedes(y) }
        return false
    }
}
