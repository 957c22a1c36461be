import Testing

@testable import ReconcileKit

/// Event states, bookings and ledger lines through ``StateDatabase``, on every engine.
@Suite struct StateLedgerTests {
    typealias F = StateFixtures

    @Test(arguments: TestDatabase.engines)
    func eventStatesRoundTripWithTheirHistory(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        var failed = F.event("t1", "evt_1")
        failed.move(to: .failed, runID: "r1", error: "Unknown tenant")
        var ignored = F.event("t1", "evt_2", created: -5)
        ignored.move(to: .ignored, runID: "r1")
        let pending = F.event("t1", "evt_3")
        try F.inRun(state, "r1") { try state.events.upsert([failed, ignored, pending]) }
        let keys = [
            ScopedID(TenantID("t1"), "evt_1"), ScopedID(TenantID("t1"), "evt_2"), ScopedID(TenantID("t1"), "evt_3"),
        ]
        #expect(
            try state.events.load(keys + [ScopedID(TenantID("t1"), "evt_4")]) == [
                keys[0]: failed, keys[1]: ignored, keys[2]: pending,
            ])

        // A retry in the next run: two more transitions, attempts 2, the error cleared.
        failed.move(to: .pending, runID: "r2")
        failed.move(to: .processed, runID: "r2")
        try F.inRun(state, "r2") { try state.events.upsert([failed]) }
        let loaded = try StateDatabase(connection: test.reopen()).events.load([keys[0]])[keys[0]]
        #expect(loaded == failed)
        #expect(loaded?.attempts == 2 && loaded?.lastError == nil && loaded?.history.count == 4)
    }

    @Test(arguments: TestDatabase.engines)
    func bookingsRoundTripAndAreFoundByEachKey(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        var full = F.booking("t1", "cs_1", date: "2026-06-20", paymentIntent: "pi_1", full: true)
        let bare = F.booking("t1", "cs_2", date: "2026-06-21")
        try F.inRun(state, "r1") { try F.store(state, bookings: [full, bare]) }
        let ids = [ScopedID(TenantID("t1"), "cs_1"), ScopedID(TenantID("t1"), "cs_2")]
        #expect(try state.bookings.load(ids) == [ids[0]: full, ids[1]: bare])
        let date = BookingTable.DateKey(TenantID("t1"), CalendarDate("2026-06-21")!)
        #expect(
            try state.bookings.load(dates: [date, BookingTable.DateKey(TenantID("t1"), CalendarDate("2026-06-22")!)])
                == [date: bare])
        let intent = ScopedID(TenantID("t1"), "pi_1")
        #expect(try state.bookings.load(paymentIntents: [intent, ScopedID(TenantID("t2"), "pi_1")]) == [intent: full])

        // A refund changes the stored booking.
        full.refunded = 50_000
        full.reversed = 5_000
        full.refundStatus = .partial
        try F.inRun(state, "r2") { try state.bookings.upsert([full]) }
        #expect(try StateDatabase(connection: test.reopen()).bookings.load([ids[0]])[ids[0]] == full)
    }

    @Test(arguments: TestDatabase.engines)
    func theSameIdUnderTwoTenantsIsTwoRowsEverywhere(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let one = F.booking("t1", "cs_1", date: "2026-06-20", paymentIntent: "pi_1", event: "evt_1", total: 100_000)
        let two = F.booking("t2", "cs_1", date: "2026-06-20", paymentIntent: "pi_1", event: "evt_1", total: 200_000)
        var otherEvent = F.event("t2", "evt_1")
        otherEvent.move(to: .processed, runID: "r1")
        try F.inRun(state, "r1") {
            try F.store(state, events: [otherEvent], bookings: [one, two])
            try state.ledger.append([F.line(1, one), F.line(2, two)])
        }
        let t1 = TenantID("t1")
        let t2 = TenantID("t2")
        let events = try state.events.load([ScopedID(t1, "evt_1"), ScopedID(t2, "evt_1")])
        #expect(events[ScopedID(t1, "evt_1")]?.status == .pending && events[ScopedID(t2, "evt_1")] == otherEvent)
        #expect(
            try state.bookings.load([ScopedID(t1, "cs_1"), ScopedID(t2, "cs_1")]) == [
                ScopedID(t1, "cs_1"): one, ScopedID(t2, "cs_1"): two,
            ])
        #expect(
            try state.bookings.load(paymentIntents: [ScopedID(t1, "pi_1"), ScopedID(t2, "pi_1")]).mapValues(\.total)
                == [ScopedID(t1, "pi_1"): 100_000, ScopedID(t2, "pi_1"): 200_000])
        let dates = try state.bookings.load(dates: [
            BookingTable.DateKey(t1, one.date), BookingTable.DateKey(t2, two.date),
        ])
        #expect(dates.count == 2)
        #expect(try state.ledger.lines(of: .init(t1, "2026-01")) == [F.line(1, one)])
        #expect(try state.ledger.lines(of: .init(t2, "2026-01")) == [F.line(2, two)])
    }

    @Test(arguments: TestDatabase.engines)
    func theBarePaymentIntentLookupReturnsEveryTenantsBookingInTenantOrder(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        // Tenant ids whose byte order differs from a case-folding or locale order.
        let tenants = ["t_b", "T_a", "t_a", "_global", "tü"]
        let bookings =
            tenants.map { F.booking($0, "cs_\($0)", date: "2026-07-01", paymentIntent: "pi_shared") }
            + [
                F.booking("t_a", "cs_own", date: "2026-07-02", paymentIntent: "pi_own"),
                F.booking("t_b", "cs_none", date: "2026-07-03"),
            ]
        try F.inRun(state, "r1") { try F.store(state, bookings: bookings) }
        let found = try state.bookings.load(barePaymentIntents: ["pi_shared", "pi_own", "pi_unknown"])
        #expect(found["pi_shared"]?.map(\.tenantID.rawValue) == ["T_a", "_global", "t_a", "t_b", "tü"])
        #expect(found["pi_own"]?.map(\.id) == ["cs_own"])
        #expect(found["pi_unknown"] == nil)
        #expect(found.count == 2)
    }

    @Test(arguments: TestDatabase.engines)
    func aSecondBookingOfATenantsDateIsAUniqueViolationAndRollsBack(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let first = F.booking("t1", "cs_1", date: "2026-06-20")
        try F.inRun(state, "r1") { try F.store(state, bookings: [first]) }
        let head = try state.runs.head()

        let second = F.booking("t1", "cs_2", date: "2026-06-20")
        let other = F.booking("t1", "cs_3", date: "2026-06-21")
        let error = F.error(DatabaseError.self) {
            try F.inRun(state, "r2") {
                try F.store(state, bookings: [other])
                try state.bookings.upsert([second])
            }
        }
        #expect(error?.kind == .uniqueViolation)
        #expect(error?.statement == "upsert bookings")
        let ids = ["cs_1", "cs_2", "cs_3"].map { ScopedID(TenantID("t1"), $0) }
        #expect(try state.bookings.load(ids) == [ids[0]: first])
        #expect(try state.events.load([ScopedID(TenantID("t1"), "evt_cs_3")]).isEmpty)
        #expect(try state.runs.head() == head)
        // So is a second booking of a tenant's payment intent; another tenant's date is free.
        let intent = F.error(DatabaseError.self) {
            try F.inRun(state, "r2") {
                try F.store(
                    state,
                    bookings: [
                        F.booking("t1", "cs_4", date: "2026-06-22", paymentIntent: "pi_1"),
                        F.booking("t1", "cs_5", date: "2026-06-23", paymentIntent: "pi_1"),
                    ])
            }
        }
        #expect(intent?.kind == .uniqueViolation)
        try F.inRun(state, "r2") { try F.store(state, bookings: [F.booking("t2", "cs_2", date: "2026-06-20")]) }
    }

    @Test(arguments: TestDatabase.engines)
    func ledgerLinesRoundTripByTenantMonthAndTellWhichMonthsChanged(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let june = F.booking("t1", "cs_1", date: "2026-06-20")
        let other = F.booking("t2", "cs_1", date: "2026-06-20")
        let julyTime: Int64 = 1_782_864_000  // 2026-07-01
        let lines = [
            F.line(1, june), F.line(2, other), F.line(3, june, kind: .refund, time: julyTime, eventTenant: .global),
        ]
        #expect(try state.ledger.lastSequence() == 0)
        try F.inRun(state, "r1") {
            try F.store(state, bookings: [june, other])
            try state.ledger.append(Array(lines.prefix(2)))
        }
        try F.inRun(state, "r2") { try state.ledger.append([lines[2]]) }
        let t1 = TenantID("t1")
        let t2 = TenantID("t2")
        #expect(try state.ledger.lines(of: .init(t1, "2026-01")) == [lines[0]])
        #expect(try state.ledger.lines(of: .init(t1, "2026-07")) == [lines[2]])
        #expect(try state.ledger.lines(of: .init(t1, "2026-07")).first?.eventTenantID == .global)
        #expect(try state.ledger.lines(of: .init(t2, "2026-07")).isEmpty)
        #expect(try state.ledger.lastSequence() == 3)
        #expect(
            try state.ledger.tenantMonths(since: 0) == [
                .init(t1, "2026-01"), .init(t1, "2026-07"), .init(t2, "2026-01"),
            ])
        #expect(try state.ledger.tenantMonths(since: 2) == [.init(t1, "2026-07")])
        #expect(try state.ledger.tenantMonths(since: 3).isEmpty)
        let orphan = F.error(DatabaseError.self) {
            try state.ledger.append([F.line(4, F.booking("t3", "cs_9", date: "2026-06-20"))])
        }
        #expect(orphan?.kind == .foreignKeyViolation)
    }
}
