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
        withUnsafePointer(to: a) { a in withUnsafePointer(to: b) { b in reportOrder(a, b) } }
    }

    /// Sorts `exceptions` into ``reportOrder(_:_:)``, stably. Integer keys (``UTF8KeyedSort``:
    /// ranks of tenant and kind, then the booking id's bytes) decide most pairs; the rest are
    /// compared in place by ``reportOrder(_:_:)`` (issue 6).
    static func sortInReportOrder(_ exceptions: inout [ReconciliationException]) {
        struct Group: Hashable { let tenantID: String; let kind: ExceptionKind }
        // Fields read through the buffer: a closure over each element copied whole exceptions.
        let order = exceptions.withUnsafeBufferPointer { all in
            let groups = DenseRanks.of(all.indices.map { Group(tenantID: all[$0].tenantID, kind: all[$0].kind) }) {
                $0.tenantID != $1.tenantID ? $0.tenantID.utf8Precedes($1.tenantID) : $0.kind < $1.kind
            }
            return UTF8KeyedSort.order(ids: all.indices.map { all[$0].bookingID ?? "" }, groups: groups) { i, j in
                let (a, b) = (all.baseAddress! + i, all.baseAddress! + j)
                return reportOrder(a, b) ? -1 : reportOrder(b, a) ? 1 : 0
            }
        }
        exceptions.permute(to: order)
    }

    /// ``reportOrder(_:_:)`` of exceptions in place: it reads only the fields it compares, so
    /// sorting does not copy whole exceptions at every comparison (issue 6).
    static func reportOrder(_ a: UnsafePointer<ReconciliationException>, _ b: UnsafePointer<ReconciliationException>) -> Bool {
        if a.pointee.tenantID != b.pointee.tenantID { return a.pointee.tenantID.utf8Precedes(b.pointee.tenantID) }
        if a.pointee.kind != b.pointee.kind { return a.pointee.kind < b.pointee.kind }
        /// Whether `x` precedes `y`, or nil when their bytes are equal.
        func decided(_ x: String?, _ y: String?) -> Bool? {
            let order = (x ?? "").utf8Compare(y ?? "")
            return order == 0 ? nil : order < 0
        }
        return decided(a.pointee.bookingID, b.pointee.bookingID)
            ?? decided(a.pointee.platformBookingID, b.pointee.platformBookingID)
            ?? decided(a.pointee.bankEntryIDs.first, b.pointee.bankEntryIDs.first)
            ?? decided(a.pointee.source?.rawValue, b.pointee.source?.rawValue)
            ?? decided(a.pointee.detail, b.pointee.detail) ?? false
    }
}
