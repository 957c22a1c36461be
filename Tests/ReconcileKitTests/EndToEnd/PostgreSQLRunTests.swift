import Foundation
import Testing

@testable import ReconcileKit

/// SPEC §7 on PostgreSQL: the built binary with `--state postgresql://…` (or `RECONCILE_STATE`)
/// writes what it writes on SQLite, byte for byte, night after night; the inspection commands read
/// the state; two runs at once are kept apart by the advisory lock; a run killed at any step leaves
/// the previous state or the new one whole. Each test has its own schema; the suite is skipped when
/// `RECONCILE_TEST_POSTGRES` names no server.
@Suite(.enabled(if: TestDatabase.postgresURL != nil, "RECONCILE_TEST_POSTGRES names no PostgreSQL"))
struct PostgreSQLRunTests {
    static let asOf = ["--as-of", "2026-11-01T00:00:00Z"]

    /// One sample workspace on SQLite (`./.reconcile`) and one on a PostgreSQL schema, given the
    /// same commands.
    struct Twins {
        let sqlite: Workspace
        let postgres: Workspace
        let schema: PostgreSQLStateSchema
        /// Name the PostgreSQL state with `RECONCILE_STATE` instead of `--state`.
        var byEnvironment = false

        init(byEnvironment: Bool = false) throws {
            sqlite = try Workspace()
            postgres = try Workspace()
            schema = try PostgreSQLStateSchema()
            self.byEnvironment = byEnvironment
        }

        func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (
            sqlite: ReconcileBinary.Result, postgres: ReconcileBinary.Result
        ) {
            let onSQLite = try sqlite.run(arguments, environment: environment)
            let onPostgres =
                byEnvironment
                ? try postgres.run(arguments, environment: environment.merging(["RECONCILE_STATE": schema.url]) { $1 })
                : try postgres.run(arguments + ["--state", schema.url], environment: environment)
            return (onSQLite, onPostgres)
        }

        /// Runs `arguments` on both and expects the same exit status, stdout, stderr and outbox.
        @discardableResult
        func expectSame(_ arguments: [String], status: Int32, sourceLocation: SourceLocation = #_sourceLocation) throws
            -> ReconcileBinary.Result
        {
            let (s, p) = try run(arguments)
            #expect(s.status == status, "SQLite: \(s.stderr)", sourceLocation: sourceLocation)
            #expect(p.status == status, "PostgreSQL: \(p.stderr)", sourceLocation: sourceLocation)
            #expect(p.stdout == s.stdout, sourceLocation: sourceLocation)
            #expect(p.stderr == s.stderr, sourceLocation: sourceLocation)
            let outbox = try sqlite.tree("outbox")
            #expect(!outbox.isEmpty, sourceLocation: sourceLocation)
            #expect(try postgres.tree("outbox") == outbox, "the outboxes differ", sourceLocation: sourceLocation)
            return p
        }
    }

    @Test func theSampleRunWritesTheSameOutboxAsOnSQLite() throws {
        let twins = try Twins()
        let run = try twins.expectSame(Self.asOf, status: 1)
        #expect(run.stdout.contains("committed root"))
        #expect(try twins.schema.tableCount() > 0, "the state is in the test's schema")
        #expect(
            !FileManager.default.fileExists(atPath: twins.postgres.path + "/.reconcile"), "no SQLite state beside it")
    }

    /// Night two (later --as-of), then a retry once the missing tenant arrived, through
    /// `RECONCILE_STATE`: each night's outbox and the whole run log equal SQLite's.
    @Test func aDryRunWritesNothingNotEvenTheTables() throws {
        let twins = try Twins()
        let (s, p) = try twins.run(Self.asOf + ["--dry-run"])
        #expect(p.status == s.status, "\(p.stderr)")
        #expect(p.stdout == s.stdout)
        #expect(try twins.schema.tableCount() == 0, "an empty schema stays empty")
        try twins.expectSame(Self.asOf, status: 1)
        let tables = try twins.schema.tableCount()
        let log = try twins.run(["log"]).postgres
        #expect(try twins.run(Self.asOf + ["--dry-run"]).postgres.status == s.status)
        #expect(try twins.schema.tableCount() == tables)
        #expect(try twins.run(["log"]).postgres.stdout == log.stdout, "no run was added")
    }

    @Test func aSecondNightAndARetryEqualSQLites() throws {
        let twins = try Twins(byEnvironment: true)
        try twins.expectSame(Self.asOf, status: 1)
        try twins.expectSame(["--as-of", "2026-11-02T00:00:00Z"], status: 1)
        let ghost =
            #"{"object":"tenant","exportedAt":"2026-10-15T00:00:00Z","id":"tnt_ghost","slug":"ghost","name":"Ghost Hall","commissionPercent":"5"}"#
        for workspace in [twins.sqlite, twins.postgres] {
            try workspace.directory.write(
                "inbox/platform/tenants-ghost.ndjson", Array((ghost + "\n").utf8),
                modified: Date(timeIntervalSince1970: 1_793_491_200))
        }
        try twins.expectSame(["retry", "--as-of", "2026-11-03T00:00:00Z"], status: 1)
        let log = try twins.expectSame(["log", "--json"], status: 0)
        let runs = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as! [[String: Any]]
        #expect(runs.count == 3)
        #expect(
            !FileManager.default.fileExists(atPath: twins.postgres.path + "/.reconcile"), "RECONCILE_STATE was used")
    }

    @Test func statusLogExplainAndVerifyReadThePostgreSQLState() throws {
        let twins = try Twins()
        try twins.expectSame(Self.asOf, status: 1)
        let status = try twins.expectSame(["status"], status: 0)
        #expect(status.stdout.contains("failed     3 event(s)"), "\(status.stdout)")
        let log = try twins.expectSame(["log"], status: 0)
        #expect(log.stdout.contains("inputs 43"), "\(log.stdout)")
        let explain = try twins.expectSame(["explain", "tnt_bella", "evt_9001samedate0001"], status: 0)
        #expect(explain.stdout.contains("Date 2027-08-05 is already booked"), "\(explain.stdout)")
        let verify = try twins.expectSame(["verify"], status: 0)
        #expect(!verify.stdout.isEmpty)
        try twins.expectSame(["status", "--json"], status: 0)
        try twins.expectSame(["gc"], status: 0)
    }

    /// What the schema holds when two runs start on it at once.
    enum SchemaState: String, CaseIterable, CustomTestStringConvertible {
        case empty
        case committed
        var testDescription: String { rawValue }
        var runsBefore: Int { self == .committed ? 1 : 0 }
    }

    @Test(arguments: SchemaState.allCases)
    func aSecondRunOnALockedStateExits75AndChangesNothing(_ before: SchemaState) throws {
        let workspace = try Workspace()
        let schema = try PostgreSQLStateSchema()
        if before == .committed {
            try FileManager.default.createDirectory(
                atPath: workspace.path + "/empty-inbox", withIntermediateDirectories: false)
            let first = try workspace.run(
                Self.asOf + ["--inbox", "empty-inbox", "--outbox", "empty-outbox", "--state", schema.url])
            #expect(first.status == 0, "\(first.stderr)")
        }
        let tables = try schema.tableCount()
        let (first, pause) = try LockTests().startPausedRun(in: workspace, environment: ["RECONCILE_STATE": schema.url])
        // The lock is taken before the schema is created: of two first runs only one creates it.
        #expect(try schema.tableCount() == tables)

        let second = try workspace.run(Self.asOf + ["--state", schema.url])

        #expect(second.status == 75, "\(second.stderr)")
        #expect(
            second.stderr.contains("state store is locked by pid \(first.processIdentifier) on host"),
            "\(second.stderr)")
        #expect(second.stderr.contains("('the PostgreSQL state')"), "\(second.stderr)")
        #expect(try schema.tableCount() == tables, "the refused run created nothing")
        try LockTests().release(pause)
        first.waitUntilExit()
        #expect(first.terminationStatus == 1)
        let verify = try workspace.run(["verify", "--state", schema.url])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let log = try workspace.run(["log", "--json", "--state", schema.url])
        let runs = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as! [Any]
        #expect(runs.count == before.runsBefore + 1, "exactly one of the two committed")
    }

    @Test func aSecondRunWithWaitCommitsAfterTheFirst() throws {
        let workspace = try Workspace()
        let schema = try PostgreSQLStateSchema()
        let (first, pause) = try LockTests().startPausedRun(in: workspace, environment: ["RECONCILE_STATE": schema.url])
        let second = Process()
        second.executableURL = URL(fileURLWithPath: ReconcileBinary.path)
        second.arguments = Self.asOf + ["--wait", "--quiet", "--state", schema.url]
        second.currentDirectoryURL = URL(fileURLWithPath: workspace.path)
        second.standardOutput = FileHandle.nullDevice
        second.standardError = FileHandle.nullDevice
        try second.run()
        try LockTests().release(pause)
        first.waitUntilExit()
        second.waitUntilExit()
        #expect(first.terminationStatus == 1)
        #expect(second.terminationStatus == 1)
        #expect(try workspace.run(["verify", "--state", schema.url]).status == 0)
        let log = try workspace.run(["log", "--json", "--state", schema.url])
        let runs = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as! [[String: Any]]
        #expect(runs.count == 2, "both committed, one after the other")
        #expect(runs[0]["parent"] as? String == runs[1]["root"] as? String)
    }

    /// The uninterrupted reference is SQLite's (``CrashRecoveryTests/reference``): the engines give
    /// the same roots. The run after the kill waits for the lock, which the server releases once it
    /// sees the killed run's connection gone.
    @Test(arguments: CrashPoint.allCases)
    func aRunKilledAtAnyStepIsRedoneByTheNextRun(point: CrashPoint) throws {
        let workspace = try Workspace()
        let schema = try PostgreSQLStateSchema()
        let state = ["--state", schema.url]
        let killed = try workspace.run(Self.asOf + state, environment: ["RECONCILE_CRASH_AT": point.rawValue])
        #expect(killed.signal == SIGKILL, "the run must stop dead at \(point.rawValue)")

        let verifyAfterKill = try workspace.run(["verify"] + state)
        #expect(verifyAfterKill.status == 0, "\(verifyAfterKill.stdout)\(verifyAfterKill.stderr)")
        let status = try workspace.run(["status"] + state).stdout
        // PostgreSQL's first run writes in place: committed from `beforePublish` on.
        let committed = CrashRecoveryTests.committed(killedAt: point, builtBeside: false)
        #expect(status.contains("none (no run committed yet)") == !committed, "\(status)")
        let next = try workspace.run(Self.asOf + state + ["--wait"])
        #expect(next.status == 1, "the next run succeeds (1: the sample's corrupt file): \(next.stderr)")
        #expect(try workspace.run(["verify"] + state).status == 0)

        let head = try StoredState.load(state: schema.url).head?.hex ?? "none"
        try CrashRecoveryTests.expectRecovered(workspace, head: head, killedAt: point, builtBeside: false)
    }
}
