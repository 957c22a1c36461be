/// One reconciliation exception. References are ids only; `detail` is a short sentence for humans
/// with no customer data.
struct ReconciliationException: Equatable, Sendable, Codable {
    /// Which record the ledger was compared with, for kinds that have several.
    enum Source: String, Sendable, Codable, Comparable {
        case platform
        case checkoutMetadata = "checkout_metadata"
        case bank

        static func < (a: Source, b: Source) -> Bool { a.rawValue < b.rawValue }
    }

    let kind: ExceptionKind
    let source: Source?
    let tenantID: String
    /// The ledger booking (checkout session id).
    let bookingID: String?
    let platformBookingID: String?
    let bankEntryIDs: [String]
    /// The event that created the ledger booking.
    let eventID: String?
    /// What the ledger (or, without a ledger booking, the platform) says, in cents.
    let expected: Cents?
    /// What the other side says, in cents.
    let actual: Cents?
    let currency: String?
    let detail: String
    /// The bank credit behind a bank exception: its booking date, reference text (the
    /// references joined by " / ") and the account (IBAN) it was credited to (issue 19).
    var bankBookingDate: String? = nil
    var bankReference: String? = nil
    var bankAccount: String? = nil

    init(
        kind: ExceptionKind, source: Source? = nil, tenantID: TenantID, bookingID: String? = nil,
        platformBookingID: String? = nil, bankEntryIDs: [String] = [], eventID: String? = nil,
        expected: Cents? = nil, actual: Cents? = nil, currency: String? = nil, detail: String
    ) {
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

    var tenant: TenantID { TenantID(tenantID) }

    /// Report order: tenant, kind, then the first reference, then the source, then the detail,
    /// each by UTF-8 bytes (a missing one as "").
    static func reportOrder(_ a: ReconciliationException, _ b: ReconciliationException) -> Bool {
        withUnsafePointer(to: a) { a in withUnsafePointer(to: b) { b in reportOrder(a, b) } }
    }

    /// Sorts `exceptions` into ``reportOrder(_:_:)``, stably. A list already in that order is only
    /// checked, in one pass; otherwise positions are sorted and each exception moves once.
    static func sortInReportOrder(_ exceptions: inout [ReconciliationException]) {
        let order: [Int]? = exceptions.withUnsafeBufferPointer { all in
            let positions = Array(all.indices)
            return isInReportOrder(positions, all)
                ? nil : positions.sorted { reportOrder(all.baseAddress! + $0, all.baseAddress! + $1) }
        }
        if let order { exceptions.permute(to: order) }
    }

    /// Sorts the exceptions from `start` on, all of one tenant and in the order reconciliation
    /// found them, into ``reportOrder(_:_:)``, stably: grouped by kind, then each kind's run
    /// sorted, which it usually is already (found in booking order), so only checked (issue 6).
    static func sortTenantInReportOrder(_ exceptions: inout [ReconciliationException], from start: Int) {
        let order: [Int] = exceptions.withUnsafeBufferPointer { all in
            var byKind = [[Int]](repeating: [], count: ExceptionKind.allCases.count)
            for i in start..<all.count { byKind[all[i].kind.order].append(i) }
            return byKind.flatMap { run in
                isInReportOrder(run, all)
                    ? run : run.sorted { reportOrder(all.baseAddress! + $0, all.baseAddress! + $1) }
            }
        }
        exceptions.permute(to: order, from: start)
    }

    /// Whether the exceptions at `positions` are in ``reportOrder(_:_:)`` (a stable sort keeps them).
    private static func isInReportOrder(_ positions: [Int], _ all: UnsafeBufferPointer<ReconciliationException>) -> Bool
    {
        positions.indices.dropFirst().allSatisfy { k in
            !reportOrder(all.baseAddress! + positions[k], all.baseAddress! + positions[k - 1])
        }
    }

    /// ``reportOrder(_:_:)`` of exceptions in place: it reads only the fields it compares, so
    /// sorting does not copy whole exceptions at every comparison (issue 6).
    static func reportOrder(_ a: UnsafePointer<ReconciliationException>, _ b: UnsafePointer<ReconciliationException>)
        -> Bool
    {
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
