/// What a statement line shows beside the ledger's figures: the platform's booking id
/// of each matched ledger booking, and the reconciliation exceptions open on each booking. Keyed
/// by the ledger booking's tenant-scoped key.
struct StatementContext: Sendable {
    var platformBookingIDs: [ScopedID: String] = [:]
    /// Exception kinds in report order, each once.
    var openExceptions: [ScopedID: [String]] = [:]

    init() {}

    /// From the stored matches and the open items that name a ledger booking.
    init(matches: [BookingMatch], openItems: ExceptionTable) {
        self.init(matches: matches, openExceptions: Self.openExceptions(openItems))
    }

    /// From the stored matches and the open exceptions already keyed by booking
    /// (``openExceptions(_:)``), which a night computes once for all its statements.
    init(matches: [BookingMatch], openExceptions: [ScopedID: [String]]) {
        for m in matches {
            platformBookingIDs[ScopedID(m.tenantID, m.bookingID)] = m.platformBookingID
        }
        self.openExceptions = openExceptions
    }

    /// The kinds of the open items that name a ledger booking, by booking, in report order.
    static func openExceptions(_ openItems: ExceptionTable) -> [ScopedID: [String]] {
        var kinds: [ScopedID: [String]] = [:]
        for i in 0..<openItems.count {
            let e = openItems[i]
            guard let booking = e.bookingID else { continue }
            let key = ScopedID(e.tenantID, booking)
            if kinds[key]?.contains(e.kind.rawValue) == true { continue }
            kinds[key, default: []].append(e.kind.rawValue)
        }
        for key in Array(kinds.keys) {
            kinds[key]!.sort(by: ExceptionKind.precedes)
        }
        return kinds
    }
}
