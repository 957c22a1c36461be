import Testing

@testable import ReconcileKit

/// Random nights of ledger writes through the state equal the same values kept in memory: a slow,
/// obviously correct twin (dictionaries) beside the store (STYLE 17).
@Suite struct LedgerStorePropertyTests {
    typealias F = StateFixtures

    /// The ledger of the twin: what the store must hold after the same writes.
    struct Twin {
        var events: [ScopedID: EventState] = [:]
        var bookings: [ScopedID: Booking] = [:]
        var lines: [LedgerLine] = []
    }

    @Test(arguments: TestDatabase.engines, [1, 2, 3] as [UInt64])
    func randomLedgerWritesThroughTheStoreEqualTheSameValuesInMemory(engine: DatabaseEngine, seed: UInt64) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        var random = SplitMix64(seed: seed)
        var twin = Twin()
        let tenants = ["t1", "t2", "T1", "_global"].map(TenantID.init)
        for night in 1...6 {
            let runID = "r\(night)"
            let sequenceBefore = twin.lines.count
            try F.inRun(state, runID) {
                var events: [EventState] = []
                var bookings: [Booking] = []
                var lines: [LedgerLine] = []
                for _ in 0..<Int(random.next() % 40) {
                    let tenant = tenants[Int(random.next() % UInt64(tenants.count))]
                    let id = "x_\(random.next() % 12)"  // ids shared across tenants
                    let key = ScopedID(tenant, id)
                    switch random.next() % 4 {
                    case 0:  // an event seen or moved
                        var event =
                            twin.events[key]
                            ?? F.event(tenant.rawValue, id, run: runID, created: Int64(random.next() % 1_000))
                        if twin.events[key] != nil {
                            if event.status == .pending {
                                random.next() % 2 == 0
                                    ? event.move(to: .failed, runID: runID, error: "Unknown tenant")
                                    : event.move(to: .processed, runID: runID)
                            } else if event.status == .failed {
                                event.move(to: .pending, runID: runID)
                            }
                        }
                        twin.events[key] = event
                        events.append(event)
                    case 1 where twin.bookings[key] == nil:  // a new booking on a free date
                        let taken = Set(twin.bookings.values.filter { $0.tenantID == tenant }.map(\.date))
                        var day = CalendarDate(unixSeconds: 1_767_225_600 + Int64(random.next() % 60) * 86_400)
                        while taken.contains(day) {
                            day = CalendarDate(unixSeconds: day.unixSecondsAtMidnight + 86_400)
                        }
                        let booking = F.booking(
                            tenant.rawValue, id, date: day.text,
                            paymentIntent: random.next() % 3 == 0 ? nil : "pi_\(tenant)_\(id)",
                            event: id, total: Int64(1 + random.next() % 500_000), full: random.next() % 2 == 0)
                        let event = twin.events[key] ?? F.event(tenant.rawValue, id, run: runID)
                        twin.events[key] = event
                        events.append(event)
                        twin.bookings[key] = booking
                        bookings.append(booking)
                    case 2 where twin.bookings[key] != nil:  // a refund
                        var booking = twin.bookings[key]!
                        booking.refunded = min(booking.total, booking.refunded + Int64(1 + random.next() % 100_000))
                        booking.refundStatus = booking.refunded == booking.total ? .full : .partial
                        booking.status = booking.refunded == booking.total ? .refunded : .paid
                        twin.bookings[key] = booking
                        bookings.append(booking)
                    case 3 where twin.bookings[key] != nil:  // a ledger line
                        let line = F.line(
                            twin.lines.count + 1, twin.bookings[key]!,
                            kind: random.next() % 2 == 0 ? .payment : .refund,
                            time: 1_767_225_600 + Int64(random.next() % 200) * 86_400,
                            eventTenant: random.next() % 4 == 0 ? .global : nil)
                        twin.lines.append(line)
                        lines.append(line)
                    default: break
                    }
                }
                try state.events.upsert(events)
                try state.bookings.upsert(bookings)
                try state.ledger.append(lines)
            }

            let eventKeys = Array(twin.events.keys) + [ScopedID(TenantID("t9"), "x_0")]
            #expect(try state.events.load(eventKeys) == twin.events, "night \(night)")
            #expect(try state.bookings.load(Array(twin.bookings.keys)) == twin.bookings, "night \(night)")
            let byDate = Dictionary(
                uniqueKeysWithValues: twin.bookings.values.map { (BookingTable.DateKey($0.tenantID, $0.date), $0) })
            #expect(try state.bookings.load(dates: Array(byDate.keys)) == byDate, "night \(night)")
            var months: [LedgerLineTable.TenantMonth: [LedgerLine]] = [:]
            for line in twin.lines { months[.init(line.tenantID, line.date.monthText), default: []].append(line) }
            for (month, lines) in months {
                #expect(try state.ledger.lines(of: month) == lines, "night \(night) \(month)")
            }
            let changed = Set(
                twin.lines.dropFirst(sequenceBefore).map { LedgerLineTable.TenantMonth($0.tenantID, $0.date.monthText) }
            )
            #expect(Set(try state.ledger.tenantMonths(since: sequenceBefore)) == changed, "night \(night)")
            #expect(try state.ledger.lastSequence() == twin.lines.count)
        }
    }
}
