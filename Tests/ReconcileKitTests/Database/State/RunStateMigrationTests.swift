import Foundation
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
        #expect(try StateSchema.migrator.migrate(test.connection) == [1, 2, 3, 4, 5, 6, 7, 8, 9])
        #expect(StateSchema.migrator.latestVersion == 9)
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
        let first = try old.commit(
            runID: "r1", time: 1_767_225_600, asOf: F.asOf, manifest: [1], changesDigest: ObjectID(digestOf: [1]))
        try test.connection.prepare(
            """
            INSERT INTO exceptions (tenant_id, kind, source, subject, bank_entry_ids, detail, first_seen, first_seen_run, last_seen_run)
            VALUES ('t1', 'missing_payment', '', 'cs_1', '[]', 'no payment', '2026-06-30', 'r1', 'r1')
            """
        ).execute([])

        let state = try StateDatabase(connection: test.reopen())
        #expect(try StateSchema.migrator.recordedVersions(state.connection) == [1, 2, 3, 4, 5, 6, 7, 8, 9])
        #expect(try state.runs.head() == first)
        for table in Self.newTables { #expect(try count(state.connection, table) == 0, "\(table)") }
        var open = OpenItems()
        open.items[OpenItems.Key(tenant: TenantID("t1"), kind: "missing_payment", references: "/cs_1//")] =
            OpenItems.Item(
                firstSeenRun: "r1", firstSeen: "2026-06-30", lastSeen: "2026-07-01", fingerprint: 5, amountCents: nil,
                currency: nil)
        try F.inRun(state, "r2") { try state.openItems.save(open, resolved: [], asOf: "2026-07-01", runID: "r2") }
        #expect(try state.openItems.open() == open)
        #expect(try count(state.connection, "view_open_exceptions") == 1)
    }

    /// A dry run writes nothing, its schema upgrade included: the upgrade runs inside the run's
    /// transaction, which a dry run rolls back. (On PostgreSQL, `PostgreSQLRunTests` checks that an
    /// empty schema stays empty.)
    @Test func aDryRunOnAStateAtAnOlderSchemaLeavesItAtThatSchema() throws {
        let dir = try TemporaryDirectory()
        try dir.write(
            "inbox/webhooks/a.ndjson",
            OpsFixtures.checkout("evt_dry1", tenant: "tnt_a", date: "2027-05-01", created: 1_788_000_000) + "\n")
        try FileManager.default.createDirectory(atPath: dir.path + "/state", withIntermediateDirectories: true)
        let file = dir.path + "/state/" + StateAccess.sqliteFileName
        try Migrator(Array(StateSchema.migrator.migrations.prefix(6))).migrate(SQLiteConnection(path: file))
        let config = RunConfiguration(
            inbox: dir.path + "/inbox", outbox: dir.path + "/outbox", state: dir.path + "/state",
            asOf: 1_793_491_200, now: Clock.now() + 60, settleSeconds: 0, dryRun: true)
        let outcome = try Runner(configuration: config).run()
        #expect(outcome.report.records.reduce(0) { $0 + $1.counts.new } == 1, "the dry run ran on the upgraded schema")
        #expect(try StateSchema.migrator.recordedVersions(SQLiteConnection(path: file)) == [1, 2, 3, 4, 5, 6])
        #expect(
            try SQLiteConnection(path: file).prepare("SELECT count(*) FROM sqlite_master WHERE name = 'file_stamps'")
                .fetchOne { try $0.get(0, as: Int64.self) } == 0)
    }

    @Test func aNightFindsTheTenantsByTheirIndexNotByAScanOfEveryRecord() throws {
        let test = try TestDatabase(.sqlite)
        try StateSchema.migrator.migrate(test.connection)
        var plan: [String] = []
        try test.connection.prepare("EXPLAIN QUERY PLAN " + RecordTable.keysQuery(of: .tenant)).query([]) {
            plan.append(try $0.get(3))
        }
        #expect(plan == ["SCAN records USING COVERING INDEX records_tenants"])
    }
}
