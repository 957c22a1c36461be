extension Ledger {
    /// A ledger of rows read from the state database: the bookings, event states and lines a night
    /// works on (or all of them), with `lastSequence` the whole ledger's highest line sequence, so
    /// that lines appended to it number on from there. Changes are tracked from here
    /// (``Ledger/changes``): what the night writes back.
    init(stored bookings: [Booking], events: [EventState], lines: [LedgerLine], lastSequence: Int) {
        self.init()
        var seen = Set<ScopedID>()
        for booking in bookings where seen.insert(booking.key).inserted { insert(newBooking: booking) }
        eventsByID.reserveCapacity(events.count)
        for event in events { eventsByID.updateValue(event, forKey: event.key) }
        var seenLines = Set<Int>()
        for line in lines.sorted(by: { $0.sequence < $1.sequence }) where seenLines.insert(line.sequence).inserted {
            append(line)
        }
        storedLastSequence = lastSequence
        markStored()
    }
}
