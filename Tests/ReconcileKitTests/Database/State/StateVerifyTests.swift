import Testing

@testable import ReconcileKit

/// `verify` on the state database, on every engine: a consistent state is clean, and each kind of
/// damage is found and named by table and key.
@Suite struct StateVerifyTests {
    /// One kind of damage, done behind the engine's back, and the problems verify must name for it
    /// (`kind table key`, sorted; the engine's own check aside).
    struct Damage: Sendable, CustomStringConvertible {
        let description: String
        let apply: @Sendable (VerifyFixture) throws -> Void
        let expected: @Sendable (VerifyFixture) -> [String]

        init(_ description: String, _ expected: [String], _ apply: @escaping @Sendable (VerifyFixture) throws -> Void) {
            self.description = description
            self.apply = apply
            self.expected = { _ in expected }
        }

        init(
            _ description: String, expected: @escaping @Sendable (VerifyFixture) -> [String],
            _ apply: @escaping @Sendable (VerifyFixture) throws -> Void
        ) {
            self.description = description
            self.apply = apply
            self.expected = expected
        }
    }

    static let damages: [Damage] = [
        Damage(
            "an object's stored bytes changed", expected: { ["damaged-object objects \($0.objects["t1/evt_2"]!.hex)"] }
        ) { f in
            try f.damage(
                "UPDATE objects SET bytes = ? WHERE sha256 = ?",
                [.blob([1, 2, 3]), f.objects["t1/evt_2"]!.databaseValue])
        },
        Damage(
            "an uncompressed object's bytes changed",
            expected: { _ in ["damaged-object objects \(ObjectID(digestOf: [7, 7]).hex)"] }
        ) { f in
            let id = try f.state.objects.store([7, 7])
            try f.damage("UPDATE objects SET bytes = ? WHERE sha256 = ?", [.blob([7, 8]), id.databaseValue])
        },
        Damage("a record names a missing object", ["missing-reference records t1/event/evt_9"]) { f in
            try f.damage(
                "INSERT INTO records (tenant_id, kind, id, object, first_run) VALUES ('t1', 'event', 'evt_9', ?, 'r1')",
                [ObjectID(digestOf: [9]).databaseValue])
        },
        Damage(
            "an object that records and sightings name is deleted",
            ["missing-reference records t1/event/evt_2", "missing-reference sightings t1/event/evt_2/1"]
        ) { f in
            try f.damage("DELETE FROM objects WHERE sha256 = ?", [f.objects["t1/evt_2"]!.databaseValue])
        },
        Damage("a sighting names a file never ingested", ["missing-reference sightings t1/event/evt_1/1"]) { f in
            try f.damage(
                "UPDATE sightings SET file = ? WHERE tenant_id = 't1' AND id = 'evt_1' AND step = 1",
                [ObjectID(digestOf: [5]).databaseValue])
        },
        Damage(
            "an event that a booking, its history and a line name is deleted",
            [
                "ledger ledger_lines t1/2", "missing-reference bookings t1/cs_2",
                "missing-reference event_history t1/evt_2/1",
                "missing-reference event_history t1/evt_2/2",
            ]
        ) { f in
            try f.damage("DELETE FROM events WHERE tenant_id = 't1' AND id = 'evt_2'")
        },
        Damage(
            "an event without its index entry",
            ["missing-reference events t1/evt_3", "missing-reference sightings t1/event/evt_3/1"]
        ) { f in
            try f.damage("DELETE FROM records WHERE tenant_id = 't1' AND kind = 'event' AND id = 'evt_3'")
        },
        Damage("a run's manifest changed after its commit", ["broken-chain runs r1"]) { f in
            try f.damage("UPDATE runs SET manifest = ? WHERE run_id = 'r1'", [.blob(Array("{}".utf8))])
        },
        Damage("the head moved back to an earlier run", ["broken-chain runs r2"]) { f in
            try f.damage("UPDATE head SET root = (SELECT root FROM runs WHERE run_id = 'r1')")
        },
        Damage(
            "a booking's refunded differs from its refund lines",
            ["ledger bookings t1/cs_1", "ledger bookings t1/cs_1"]
        ) { f in
            // Its reversal no longer follows §5 either.
            try f.damage("UPDATE bookings SET refunded = 60000 WHERE tenant_id = 't1' AND id = 'cs_1'")
        },
        Damage("a REFUNDED booking whose refund status is not FULL", ["ledger bookings t2/cs_1"]) { f in
            try f.damage("UPDATE bookings SET refund_status = 'PARTIAL' WHERE tenant_id = 't2' AND id = 'cs_1'")
        },
        Damage("a commission that is not §5's", ["ledger bookings t1/cs_2", "ledger bookings t1/cs_2"]) { f in
            // Nor is it its payment line's.
            try f.damage("UPDATE bookings SET commission = 8 WHERE tenant_id = 't1' AND id = 'cs_2'")
        },
        Damage("a PROCESSED checkout without its booking", ["ledger events t1/evt_3"]) { f in
            try f.damage(
                "UPDATE events SET status = 'PROCESSED', last_error = NULL WHERE tenant_id = 't1' AND id = 'evt_3'")
        },
        Damage(
            "a booking whose checkout event is not PROCESSED", ["ledger bookings t1/cs_2", "ledger ledger_lines t1/2"]
        ) { f in
            try f.damage("UPDATE events SET status = 'FAILED' WHERE tenant_id = 't1' AND id = 'evt_2'")
        },
        Damage(
            "a payment line deleted",
            [
                "ledger bookings t1/cs_2", "ledger bookings t1/cs_2", "ledger ledger_lines t2/3",
                "ledger statement_totals t1/2026-01",
            ]
        ) { f in
            try f.damage("DELETE FROM ledger_lines WHERE tenant_id = 't1' AND sequence = 2")
        },
        Damage(
            "two tenants' lines with one sequence",
            [
                "ledger ledger_lines t1/1", "ledger ledger_lines t1/4", "ledger ledger_lines t2/1",
                "ledger statement_totals t2/2026-01",
            ]
        ) { f in
            try f.damage("UPDATE ledger_lines SET sequence = 1 WHERE tenant_id = 't2' AND sequence = 3")
        },
        Damage("a statement's stored totals no longer what its lines make", ["ledger statement_totals t1/2026-01"]) {
            f in
            try f.damage(
                "UPDATE statement_totals SET commission = commission + 1 WHERE tenant_id = 't1' AND month = '2026-01'")
        },
        Damage("a statement without stored totals", ["ledger statement_totals t2/2026-01"]) { f in
            try f.damage("DELETE FROM statement_totals WHERE tenant_id = 't2'")
        },
    ]

    @Test(arguments: TestDatabase.engines)
    func aConsistentStateVerifiesClean(engine: DatabaseEngine) throws {
        let fixture = try VerifyFixture(engine)
        #expect(try fixture.state.verify() == [])
        // The same from a new connection, as `reconcile verify` opens it.
        #expect(try StateDatabase(connection: fixture.test.reopen()).verify() == [])
    }

    @Test(arguments: TestDatabase.engines, damages)
    func eachDamageIsFoundAndNamedByTableAndKey(engine: DatabaseEngine, damage: Damage) throws {
        let fixture = try VerifyFixture(engine)
        try damage.apply(fixture)
        let problems = try fixture.state.verify()
        #expect(
            problems.filter { $0.kind != .engine }.map { "\($0.kind.rawValue) \($0.table) \($0.key)" }.sorted()
                == damage.expected(fixture).sorted())
        // Ids, hashes and amounts only: the objects' content (customer data in real states) is never quoted.
        for problem in problems { #expect(!problem.description.contains("pad")) }
    }

    @Test(arguments: TestDatabase.engines)
    func theReasonSaysWhatIsWrong(engine: DatabaseEngine) throws {
        let fixture = try VerifyFixture(engine)
        try fixture.damage("UPDATE bookings SET refunded = 60000 WHERE tenant_id = 't1' AND id = 'cs_1'")
        try fixture.damage("UPDATE runs SET manifest = ? WHERE run_id = 'r1'", [.blob(Array("{}".utf8))])
        try fixture.damage("UPDATE statement_totals SET net = net - 1 WHERE tenant_id = 't2'")
        let reasons = try fixture.state.verify().map(\.description)
        #expect(
            reasons.contains(
                "statement_totals t2/2026-01: ledger: stored eur 1 bookings, 1 refunds, gross 100000, commission 500, refund 100000, commission reversed 500, net -1, but its lines make eur 1 bookings, 1 refunds, gross 100000, commission 500, refund 100000, commission reversed 500, net 0"
            ))
        #expect(
            reasons.contains(
                "bookings t1/cs_1: ledger: refunded 60000 and reversed 5000 differ from its lines' refund 50000 and commission reversed 5000"
            ))
        #expect(
            reasons.contains(
                "bookings t1/cs_1: ledger: reversed 5000 of commission 15000 after refunding 60000 is not §5's 6000"))
        #expect(
            reasons.contains {
                $0.hasPrefix("runs r1: broken-chain: the root ")
                    && $0.hasSuffix("is not the hash of its parent root, manifest and changes digest")
            })
    }

    @Test(arguments: TestDatabase.engines)
    func eachCheckListsAtMostTheLimitAndCountsTheRest(engine: DatabaseEngine) throws {
        let fixture = try VerifyFixture(engine)
        for id in ["evt_a", "evt_b", "evt_c", "evt_d", "evt_e"] {
            try fixture.damage(
                "INSERT INTO records (tenant_id, kind, id, object, first_run) VALUES ('t1', 'event', ?, ?, 'r1')",
                [.text(id), ObjectID(digestOf: Array(id.utf8)).databaseValue])
        }
        let problems = try fixture.state.verify(limit: 2).filter { $0.kind != .engine }
        #expect(problems.map(\.key) == ["t1/event/evt_a", "t1/event/evt_b", "*"])
        #expect(problems.last?.reason == "and 3 more rows like these")
    }

    @Test(arguments: TestDatabase.engines)
    func objectsAreReHashedAcrossBatchesInKeyOrder(engine: DatabaseEngine) throws {
        let fixture = try VerifyFixture(engine)
        let count = StateDatabase.verifyObjectBatch * 2 + 10
        let ids = try fixture.state.transaction {
            try fixture.state.objects.store((0..<count).map { Array("object \($0)".utf8) })
        }.sorted()
        // The last of the key order, the first of the second batch, and one in the first.
        let damaged = [ids[5], ids[StateDatabase.verifyObjectBatch], ids[count - 1]]
        for id in damaged {
            try fixture.damage("UPDATE objects SET bytes = ? WHERE sha256 = ?", [.blob([0]), id.databaseValue])
        }
        let problems = try fixture.state.verify()
        #expect(problems.map(\.key) == damaged.map(\.hex).sorted())
        #expect(problems.allSatisfy { $0.kind == .damagedObject && $0.table == "objects" })
    }

    @Test func sqlitesOwnForeignKeyCheckReportsARowNamingNothing() throws {
        let fixture = try VerifyFixture(.sqlite)
        try fixture.damage("DELETE FROM objects WHERE sha256 = ?", [fixture.objects["t1/evt_2"]!.databaseValue])
        let engine = try fixture.state.verify().filter { $0.kind == .engine }.map { "\($0.table) \($0.key)" }.sorted()
        #expect(engine == ["records ?", "sightings ?"])
    }

    /// The list gc keeps objects by, and verify checks, is the schema's: every column declared
    /// `REFERENCES objects` in some migration, and nothing else.
    @Test func everyColumnThatReferencesObjectsIsListed() {
        var declared: [String] = []
        var table = ""
        for migration in StateSchema.migrator.migrations {
            for line in migration.sql.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if line.hasPrefix("CREATE TABLE ") {
                    table = String(line.dropFirst(13).prefix { $0 != " " && $0 != "(" })
                }
                if line.contains("REFERENCES objects") { declared.append("\(table).\(line.prefix { $0 != " " })") }
            }
        }
        #expect(!declared.isEmpty)
        #expect(StateDatabase.objectReferences.map { "\($0.table).\($0.columns[0])" }.sorted() == declared.sorted())
    }
}
