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

    /// Report order: tenant, kind, then the first reference, then the source, then the detail,
    /// each by UTF-8 bytes (a missing one as "").
    static func reportOrder(_ a: ReconciliationException, _ b: ReconciliationException) -> Bool {
        if a.tenantID != b.tenantID { return a.tenantID.utf8Precedes(b.tenantID) }
        if a.kind != b.kind { return a.kind < b.kind }
        /// Whether `x` precedes `y`, or nil when their bytes are equal.
        func decided(_ x: String?, _ y: String?) -> Bool? {
            let order = (x ?? "").utf8Compare(y ?? "")
            return order == 0 ? nil : order < 0
        }
        return decided(a.bookingID, b.bookingID) ?? decided(a.platformBookingID, b.platformBookingID)
            ?? decided(a.bankEntryIDs.first, b.bankEntryIDs.first) ?? decided(a.source?.rawValue, b.source?.rawValue)
            ?? decided(a.detail, b.detail) ?? false
    }
}
