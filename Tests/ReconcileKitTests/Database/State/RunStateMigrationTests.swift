import Testing
@testable import ReconcileKit

/// Migration 3, which turns the run's blobs into tables, on every engine.
@Suite struct RunStateMigrationTests {
    typealias F = StateFixtures
    static let newTables = ["open_items", "closed_months", "statement_revisions", "rejections", "view_open_exceptions"]

    func count(_ db: any DatabaseConnection, _ table: String) throws -> Int64 {
        try db.prepare("SELECT count(*) FROM \(table)").fetchOne { try $0.get(0, as: Int64.self) } ?? -1
    }

    @Test(arguments: TestDatabase.engines)
    func anEmptyDatabaseMigratesToTheLatestVersion(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        #expect(try StateSchema.migrator.migrate(test.connection) == [1, 2, 3, 4, 5, 6, 7])
        #expect(StateSchema.migrator.latestVersion == 7)
        for table in Self.newTables { #expect(try count(test.connection, table) == 0, "\(table)") }
        // Migration 1's exceptions table is gone.
        #expect(throws: DatabaseError.self) { try count(test.connection, "exceptions") }
        #expect(try StateSchema.migrator.migrate(test.reopen()) == [])
    }

    @Test(arguments: TestDatabase.engines)
    func aDatabaseAtVersion2UpgradesAndKeepsItsRows(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        #expect(try Migrator(Array(StateSchema.migrator.migrations.prefix(2))).migrate(test.connection) == [1, 2])
        let old = RunLog(test.connection)
        let first = try old.commit(runID: "r1", time: 1_767_225_600, asOf: F.asOf, manifest: [1], changesDigest: ObjectID(digestOf: [1]))
        try test.connection.prepare("""
            INSERT INTO exceptions (tenant_id, kind, source, subject, bank_entry_ids, detail, first_seen, first_seen_run, last_seen_run)
            VALUES ('t1', 'missing_payment', '', 'cs_1', '[]', 'no payment', '2026-06-30', 'r1', 'r1')
            """).execute([])

        let state = try StateDatabase(connection: test.reopen())
        #expect(try StateSchema.migrator.recordedVersions(state.connection) == [1, 2, 3, 4, 5, 6, 7])
        #expect(try state.runs.head() == first)
        for table in Self.newTables { #expect(try count(state.connection, table) == 0, "\(table)") }
        var open = OpenItems()
        open.items[OpenItems.Key(tenant: "t1", kind: "missing_payment", references: "/cs_1//")] =
            OpenItems.Item(firstSeenRun: "r1", firstSeen: "2026-06-30", lastSeen: "2026-07-01", fingerprint: 5, amountCents: nil, currency: nil)
        try F.inRun(state, "r2") { try state.openItems.save(open, resolved: [], asOf: "2026-07-01", runID: "r2") }
        #expect(try state.openItems.open() == open)
        #expect(try count(state.connection, "view_open_exceptions") == 1)
    }

    @Test func aNightFindsTheTenantsByTheirIndexNotByAScanOfEveryRecord() throws {
        let test = try TestDatabase(.sqlite)
        try StateSchema.migrator.migrate(test.connection)
        var plan: [String] = []
        try test.connection.prepare("EXPLAIN QUERY PLAN " + RecordTable.keysQuery(of: .tenant)).query([]) { plan.append(try $0.get(3)) }
        #expect(plan == ["SCAN records USING COVERING INDEX records_tenants"])
    }
}
