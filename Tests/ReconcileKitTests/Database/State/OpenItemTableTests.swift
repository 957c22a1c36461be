import Testing

@testable import ReconcileKit

/// Open items through ``OpenItemTable``, on every engine.
@Suite struct OpenItemTableTests {
    typealias F = StateFixtures

    static func key(_ tenant: String, _ refs: String, kind: String = "amount_mismatch") -> OpenItems.Key {
        OpenItems.Key(tenant: TenantID(tenant), kind: kind, references: refs)
    }

    static func item(
        run: String = "r1", first: String = "2026-06-01", last: String = "2026-06-01", fingerprint: UInt64 = 1,
        amount: Cents? = 15_000, currency: String? = "eur"
    ) -> OpenItems.Item {
        OpenItems.Item(
            firstSeenRun: run, firstSeen: first, lastSeen: last, fingerprint: fingerprint, amountCents: amount,
            currency: currency)
    }

    static func items(_ pairs: [(OpenItems.Key, OpenItems.Item)]) -> OpenItems {
        var open = OpenItems()
        for (key, item) in pairs { open.items[key] = item }
        return open
    }

    /// Saves a run's open and resolved items in run `run`, on `day`.
    static func save(
        _ state: StateDatabase, _ run: String, _ day: String, _ open: OpenItems, resolved: [OpenItems.Key] = []
    ) throws {
        try F.inRun(state, run) { try state.openItems.save(open, resolved: resolved, asOf: day, runID: run) }
    }

    /// Every row, open or resolved, as (key, resolved day, resolved run).
    static func rows(_ db: any DatabaseConnection) throws -> [OpenItems.Key: (String?, String?)] {
        var rows: [OpenItems.Key: (String?, String?)] = [:]
        try db.prepare("SELECT tenant_id, kind, refs, resolved, resolved_run FROM open_items").query([]) { row in
            rows[OpenItems.Key(tenant: try row.tenantID(0), kind: try row.get(1), references: try row.get(2))] = (
                try row.get(3), try row.get(4)
            )
        }
        return rows
    }

    /// Most open items name no bank entry. The night's lookup of its bank entries must read the
    /// items that name one, not every open item: SQLite's statistics once counted the unnamed ones
    /// as one key of ~all the rows, and each lookup read them all.
    @Test func aLookupByBankEntryReadsNoItemThatNamesNone() throws {
        let test = try TestDatabase(.sqlite)
        let state = try StateDatabase(connection: test.connection)
        try Self.save(
            state, "r1", "2026-06-01",
            Self.items(
                (0..<2_000).map { (Self.key("t\($0 % 50)", "/cs_\($0)//", kind: "missing_payment"), Self.item()) }))
        try test.connection.execute(script: "ANALYZE", name: "statistics")
        let entries = (0..<250).map { "NTRY-\($0)" }
        #expect(try state.openItems.open(ledger: [], platform: [], bankEntries: entries).items.isEmpty)
        let lookup = try #require(test.connection.timings["select open items by bank entry"])
        #expect(
            lookup.steps < 50 * entries.count,
            "\(lookup.steps) VM steps for \(entries.count) bank entries among 2,000 items")
    }

    @Test(arguments: TestDatabase.engines)
    func openItemsRoundTripWithEveryFingerprintAndOptionalAmount(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let open = Self.items([
            (Self.key("t1", "platform/cs_1//"), Self.item(fingerprint: UInt64.max)),
            (
                Self.key("t1", "bank///ent_1", kind: "unmatched_bank_credit"),
                Self.item(fingerprint: 1 << 63, amount: -7, currency: "usd")
            ),
            (Self.key("t1", "/cs_2//", kind: "missing_payment"), Self.item(fingerprint: 0, amount: nil, currency: nil)),
            (Self.key("t1", "//pb_'x'?//", kind: "a_kind_added_later"), Self.item(fingerprint: 0xcbf2_9ce4_8422_2325)),
        ])
        try Self.save(state, "r1", "2026-06-01", open)
        #expect(try state.openItems.open() == open)
        #expect(try StateDatabase(connection: test.reopen()).openItems.open() == open)
    }

    @Test(arguments: TestDatabase.engines)
    func manyItemsRoundTripAcrossBatches(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let open = Self.items(
            (0..<700).map {
                (
                    Self.key("t\($0 % 3)", "platform/cs_\($0)//"),
                    Self.item(fingerprint: UInt64($0) &* 0x9e37_79b9_7f4a_7c15)
                )
            })
        try Self.save(state, "r1", "2026-06-01", open)
        try Self.save(state, "r2", "2026-06-02", OpenItems(), resolved: Array(open.items.keys.prefix(300)))
        #expect(try state.openItems.open().items.count == 400)
        #expect(try Self.rows(test.connection).count == 700)
    }

    @Test(arguments: TestDatabase.engines)
    func resolvedItemsAreNotLoadedAsOpenButKept(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let a = Self.key("t1", "platform/cs_1//")
        let b = Self.key("t1", "platform/cs_2//")
        try Self.save(state, "r1", "2026-06-01", Self.items([(a, Self.item()), (b, Self.item())]))
        let stillOpen = Self.items([(a, Self.item(last: "2026-06-02"))])
        try Self.save(state, "r2", "2026-06-02", stillOpen, resolved: [b])
        #expect(try state.openItems.open() == stillOpen)
        var rows = try Self.rows(test.connection)
        #expect(rows.count == 2 && rows[a]! == (nil, nil) && rows[b]! == ("2026-06-02", "r2"))

        // Resolving it again keeps the first resolution; seen again, it opens anew from that day.
        try Self.save(state, "r3", "2026-06-03", stillOpen, resolved: [b])
        #expect(try Self.rows(test.connection)[b]! == ("2026-06-02", "r2"))
        let reopened = Self.items([
            (a, Self.item(last: "2026-06-04")), (b, Self.item(run: "r4", first: "2026-06-04", last: "2026-06-04")),
        ])
        try Self.save(state, "r4", "2026-06-04", reopened)
        #expect(try state.openItems.open() == reopened)
        rows = try Self.rows(test.connection)
        #expect(rows[b]! == (nil, nil))
    }

    @Test(arguments: TestDatabase.engines)
    func anUpsertKeepsFirstSeenAndUpdatesTheRest(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let key = Self.key("t1", "platform/cs_1//")
        try Self.save(state, "r1", "2026-06-01", Self.items([(key, Self.item())]))
        let changed = Self.item(
            run: "r1", first: "2026-06-01", last: "2026-06-05", fingerprint: 99, amount: nil, currency: nil)
        try Self.save(state, "r2", "2026-06-05", Self.items([(key, changed)]))
        let loaded = try StateDatabase(connection: test.reopen()).openItems.open().items[key]
        #expect(loaded == changed)
        #expect(loaded?.firstSeen == "2026-06-01" && loaded?.firstSeenRun == "r1" && loaded?.lastSeen == "2026-06-05")
    }

    @Test(arguments: TestDatabase.engines)
    func theSameReferencesUnderTwoTenantsAreTwoItems(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let one = Self.key("t1", "platform/cs_1//")
        let two = Self.key("t2", "platform/cs_1//")
        try Self.save(
            state, "r1", "2026-06-01", Self.items([(one, Self.item(amount: 100)), (two, Self.item(amount: 200))]))
        #expect(try state.openItems.open().items.mapValues(\.amountCents) == [one: 100, two: 200])
        try Self.save(state, "r2", "2026-06-02", Self.items([(two, Self.item(amount: 200))]), resolved: [one])
        #expect(try state.openItems.open() == Self.items([(two, Self.item(amount: 200))]))
        #expect(try Self.rows(test.connection).count == 2)
    }

    @Test(arguments: TestDatabase.engines)
    func anItemNamingARunNeverCommittedFailsTheCommit(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let error = F.error(DatabaseError.self) {
            try Self.save(state, "r1", "2026-06-01", Self.items([(Self.key("t1", "x"), Self.item(run: "r0"))]))
        }
        #expect(error?.kind == .foreignKeyViolation)
        #expect(try state.openItems.open() == OpenItems())
    }
}
