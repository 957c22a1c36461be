import Foundation
import Testing

@testable import ReconcileKit

/// `--state` and `RECONCILE_STATE` (SPEC §7, §8), and the secrecy of a state URL: it may hold a
/// password, so no message, log line or summary of the built binary repeats it.
@Suite struct StateOptionTests {
    static let asOf = ["--as-of", "2026-11-01T00:00:00Z"]
    static let password = "Hunter2-Sup3rSecret"

    @Test func reconcileStateNamesTheStateWhenStateIsNotGiven() throws {
        let workspace = try Workspace()
        let run = try workspace.run(Self.asOf, environment: ["RECONCILE_STATE": "nightly-state"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: workspace.path + "/nightly-state/state.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: workspace.path + "/.reconcile"))
        let status = try workspace.run(["status"], environment: ["RECONCILE_STATE": "nightly-state"])
        #expect(status.status == 0)
        #expect(!status.stdout.contains("none (no run committed yet)"))
    }

    /// The read-only commands write nothing: a state at an older schema is not upgraded by them (a
    /// run upgrades it, under the lock), and an empty PostgreSQL schema gets no tables.
    @Test func readOnlyCommandsLeaveAnOlderSchemaAsItIs() throws {
        let workspace = try Workspace()
        try FileManager.default.createDirectory(
            atPath: workspace.path + "/.reconcile", withIntermediateDirectories: false)
        let file = workspace.path + "/.reconcile/state.sqlite"
        let earlier = Migrator(Array(StateSchema.migrator.migrations.prefix(3)))
        try earlier.migrate(SQLiteConnection(path: file))
        for command in [["status"], ["log"], ["verify"], ["explain", "tnt_bella", "evt_x"]] {
            let result = try workspace.run(command)
            #expect(result.status == 64, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("older than this build's"), "\(result.stderr)")
        }
        #expect(try StateSchema.migrator.recordedVersions(SQLiteConnection(path: file)) == [1, 2, 3])
        #expect(try workspace.run(["gc"]).status == 0, "gc, under the lock, upgrades the schema as a run does")
        #expect(
            try StateSchema.migrator.recordedVersions(SQLiteConnection(path: file))
                == StateSchema.migrator.migrations.map(\.version))
        #expect(try workspace.run(Self.asOf).status == 1)
        #expect(try workspace.run(["status"]).status == 0)
    }

    @Test(.enabled(if: TestDatabase.postgresURL != nil, "RECONCILE_TEST_POSTGRES names no PostgreSQL"))
    func readOnlyCommandsCreateNoTablesInAnEmptySchema() throws {
        let workspace = try Workspace()
        let schema = try PostgreSQLStateSchema()
        for command in [["status"], ["log"], ["verify"]] {
            let result = try workspace.run(command + ["--state", schema.url])
            #expect(result.status == 64, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("holds no state yet"), "\(result.stderr)")
        }
        #expect(try schema.tableCount() == 0)
    }

    @Test func stateOverridesReconcileState() throws {
        let workspace = try Workspace()
        let run = try workspace.run(
            Self.asOf + ["--state", "given"], environment: ["RECONCILE_STATE": "from-environment"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: workspace.path + "/given/state.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: workspace.path + "/from-environment"))
    }

    @Test func anEmptyReconcileStateMeansTheDefaultFolder() throws {
        let workspace = try Workspace()
        let run = try workspace.run(Self.asOf, environment: ["RECONCILE_STATE": ""])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: workspace.path + "/.reconcile/state.sqlite"))
    }

    /// URLs libpq cannot connect with, each holding the password: nobody listens on port 1 (exit
    /// 73, the state cannot be reached), and an undecodable percent escape, which libpq quotes with
    /// the rest of the password, or a broken address (exit 64, a malformed URL).
    static let unusable: [(url: String, status: Int32, says: String)] = [
        ("postgresql://reconcile:\(password)@127.0.0.1:1/ledger", 73, "the state database cannot be reached"),
        ("postgres://reconcile:\(password)%zz@127.0.0.1:1/ledger", 64, "the state URL is malformed"),
        (
            "postgresql://reconcile@127.0.0.1:1/ledger?password=\(password)&connect_timeout=5", 73,
            "the state database cannot be reached"
        ),
        ("postgresql://reconcile:\(password)@[::1/ledger", 64, "the state URL is malformed"),
    ]

    @Test(arguments: unusable.indices)
    func aStateURLThatCannotBeUsedIsNotPrinted(case index: Int) throws {
        let (url, status, says) = Self.unusable[index]
        let workspace = try Workspace()
        for (arguments, environment) in [
            (Self.asOf + ["--state", url, "--log-level", "debug"], [:]),
            (Self.asOf + ["--json"], ["RECONCILE_STATE": url]),
            (["status"], ["RECONCILE_STATE": url]),
            (["verify", "--state", url], [:]),
        ] {
            let result = try workspace.run(arguments, environment: environment)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(says), "\(result.stderr)")
            for output in [result.stdout, result.stderr] {
                #expect(!output.contains("Hunter2"), "\(output)")
                #expect(!output.contains("/ledger"), "\(output)")
            }
        }
    }

    /// The test cluster trusts local connections, so the password is ignored and the run commits;
    /// neither its debug log, its summary nor the inspection commands show the URL.
    @Test(.enabled(if: TestDatabase.postgresURL != nil, "RECONCILE_TEST_POSTGRES names no PostgreSQL"))
    func aRunOnAStateURLWithAPasswordNeverPrintsIt() throws {
        let workspace = try Workspace()
        let schema = try PostgreSQLStateSchema()
        let url = schema.url(withPassword: Self.password)
        #expect(url.contains(Self.password))
        let results = [
            try workspace.run(Self.asOf + ["--state", url, "--log-level", "debug"]),
            try workspace.run(Self.asOf + ["--json", "--log-level", "debug"], environment: ["RECONCILE_STATE": url]),
            try workspace.run(["status", "--state", url]),
            try workspace.run(["log", "--state", url]),
            try workspace.run(["verify", "--state", url]),
        ]
        #expect(results.map(\.status) == [1, 1, 0, 0, 0], "\(results.map(\.stderr))")
        #expect(
            results[0].stderr.contains("state lock acquired"), "the debug log names the state: \(results[0].stderr)")
        #expect(results[0].stderr.contains("the PostgreSQL state"), "\(results[0].stderr)")
        for result in results {
            for output in [result.stdout, result.stderr] {
                #expect(!output.contains(Self.password), "\(output)")
                #expect(!output.contains(schema.name), "\(output)")
            }
        }
        let metrics = workspace.path + "/metrics.prom"
        _ = try workspace.run(Self.asOf + ["--state", url, "--metrics-file", metrics])
        #expect(!(try String(contentsOfFile: metrics, encoding: .utf8)).contains(Self.password))
        for (name, bytes) in try workspace.tree("outbox") {
            #expect(!String(decoding: bytes, as: UTF8.self).contains(Self.password), "\(name)")
        }
    }
}
