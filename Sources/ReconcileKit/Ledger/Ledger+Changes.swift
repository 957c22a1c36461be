/// Which bookings, event states and lines a ledger gained or changed since it was loaded.
struct LedgerChanges: Sendable {
    /// A ledger that was never loaded (it started empty) has changed whole: nothing is tracked,
    /// which spares a first run two sets of every booking and event id it applies.
    var whole = true
    var bookingIDs: Set<ScopedID> = []
    var eventIDs: Set<ScopedID> = []
    /// Lines from this position on are new.
    var firstNewLine = 0

    mutating func insert(booking id: ScopedID) { if !whole { bookingIDs.insert(id) } }
    mutating func insert(event id: ScopedID) { if !whole { eventIDs.insert(id) } }
}

extension Ledger {
    /// Forgets the changes: from here the ledger equals what the database holds.
    mutating func markStored() {
        changes = LedgerChanges(whole: false, firstNewLine: lines.count)
    }
}
