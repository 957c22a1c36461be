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
    /// How many bookings and event states changed and lines were added since the ledger was loaded.
    public var changeCount: Int {
        changes.whole ? bookingsByID.count + eventsByID.count + lines.count
            : changes.bookingIDs.count + changes.eventIDs.count + (lines.count - changes.firstNewLine)
    }

    /// What changed since the ledger was loaded, as a ledger of its own: the changed bookings and
    /// event states whole, and the new lines. ``merge(_:)`` of it into the ledger as loaded gives
    /// this ledger back; the store keeps it as a snapshot delta so a night's commit costs what the
    /// night changed, not the whole ledger.
    public var delta: Ledger {
        if changes.whole {
            var d = self
            d.changes = LedgerChanges()
            return d
        }
        var d = Ledger()
        for id in changes.bookingIDs {
            d.insert(newBooking: bookingsByID[id]!)
        }
        for id in changes.eventIDs { d.eventsByID.updateValue(eventsByID[id]!, forKey: id) }
        for line in lines[changes.firstNewLine...] { d.append(line) }
        return d
    }

    /// Applies a ``delta``: its bookings and event states replace those with the same id, its lines
    /// follow the existing ones. Fails, changing nothing, when the delta does not fit this ledger.
    public mutating func merge(_ delta: Ledger) throws(LedgerDeltaMismatch) {
        if let first = delta.lines.first, first.sequence != lines.count + 1 {
            throw LedgerDeltaMismatch(reason: "its first line is \(first.sequence), the ledger has \(lines.count)")
        }
        for (id, b) in delta.bookingsByID {
            let slot = BookingSlot(tenantID: b.tenantID, date: b.date)
            if let old = bookingsByID[id] {
                guard old.tenantID == b.tenantID, old.date == b.date, old.paymentIntentID == b.paymentIntentID else {
                    throw LedgerDeltaMismatch(reason: "booking \(id) changes tenant, date or payment intent")
                }
            } else if case .found = probe(slot) {
                throw LedgerDeltaMismatch(reason: "booking \(id) takes a (tenant, date) already booked")
            }
        }
        for (id, b) in delta.bookingsByID {
            if let position = bookingsByID.position(of: id) { replaceBooking(at: position, with: b) } else { insert(newBooking: b) }
        }
        for (id, state) in delta.eventsByID { eventsByID.updateValue(state, forKey: id) }
        for line in delta.lines { append(line) }
    }

    /// Forgets the changes: from here the ledger equals what the store holds.
    public mutating func markStored() {
        changes = LedgerChanges(whole: false, firstNewLine: lines.count)
    }
}

/// A ledger delta that does not continue the ledger it is merged into (a damaged snapshot chain).
public struct LedgerDeltaMismatch: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { "ledger delta does not fit: \(reason)" }
}
