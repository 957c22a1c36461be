import Foundation
import Testing

@testable import ReconcileKit

/// The built `reconcile` as a scheduler runs it: stdout and stderr are pipes, not a terminal.
@Suite struct CommandLineOpsTests {
    static let asOf = "2026-11-01T00:00:00Z"

    @Test func aScheduledRunIsQuietOnSuccessAndWritesMetrics() throws {
        let dir = try TemporaryDirectory()
        _ = try OpsFixtures.run(in: dir)
        try FileManager.default.removeItem(atPath: dir.path + "/inbox/webhooks/broken.json")
        let args = [
            "run", "--inbox", "inbox", "--outbox", "outbox", "--state", "state", "--settle", "0", "--as-of", Self.asOf,
            "--metrics-file", "metrics/reconcile.prom",
        ]
        let clean = try ReconcileBinary.run(args, in: dir.path)
        #expect(clean.status == 0)
        #expect(clean.stdout == "")
        #expect(clean.stderr == "")
        let metrics = try Exposition(
            Array(try Data(contentsOf: URL(fileURLWithPath: dir.path + "/metrics/reconcile.prom"))))
        #expect(metrics.value("reconcile_last_run_exit_code") == 0)
        #expect(metrics.value("reconcile_last_success_timestamp_seconds") != nil)

        let verbose = try ReconcileBinary.run(args + ["--log-level", "info"], in: dir.path)
        #expect(verbose.status == 0)
        let lines = verbose.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("reconcile: info: committed run "))
        #expect(!verbose.stderr.contains("\u{1b}["), "no progress line when stderr is not a terminal")
    }

    @Test func aRunThatNeedsAttentionLogsOneLinePerProblemAndSummarises() throws {
        let dir = try TemporaryDirectory()
        _ = try OpsFixtures.run(in: dir)
        try FileManager.default.removeItem(atPath: dir.path + "/state")
        try FileManager.default.removeItem(atPath: dir.path + "/outbox")
        let r = try ReconcileBinary.run(
            [
                "run", "--inbox", "inbox", "--outbox", "outbox", "--state", "state", "--settle", "0",
                "--as-of", Self.asOf, "--json",
            ], in: dir.path)
        #expect(r.status == 1)
        let json = try JSONParser().parse(Array(r.stdout.utf8))
        #expect(json["durationMs"]?.intValue != nil)
        #expect(json["reportPath"]?.stringValue?.hasPrefix("outbox/runs/") == true)
        #expect(
            r.stderr.split(separator: "\n").map { String($0.prefix(28)) } == [
                "reconcile: warning: quaranti", "reconcile: warning: event ev",
            ])
    }

    @Test func statementsAreRegeneratedFromTheStoreAlone() throws {
        let dir = try TemporaryDirectory()
        _ = try OpsFixtures.run(in: dir)
        try FileManager.default.removeItem(atPath: dir.path + "/inbox")
        try FileManager.default.removeItem(atPath: dir.path + "/outbox")
        let r = try ReconcileBinary.run(
            [
                "statements", "--state", "state", "--outbox", "out", "--month", "2026-08",
                "--tenant", "tnt_a", "--as-of", Self.asOf,
            ], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("out/statements/2026-08/tnt_a.html (written)"))
        #expect(r.stdout.contains("out/statements/2026-08/index.html (written)"))
        #expect(r.stdout.contains("out/statements/2026-08/summary.csv (written)"))
        let summary = String(
            decoding: try Data(contentsOf: URL(fileURLWithPath: dir.path + "/out/statements/2026-08/summary.csv")),
            as: UTF8.self)
        #expect(summary.contains("2026-08,tnt_a,A Venue,USD,1,0,2500.00,250.00,0.00,0.00,250.00,2250.00\r\n"))

        let again = try ReconcileBinary.run(
            ["statements", "--state", "state", "--outbox", "out", "--month", "2026-08", "--as-of", Self.asOf],
            in: dir.path)
        #expect(again.status == 0)
        #expect(again.stdout.contains("out/statements/2026-08/tnt_a.csv (unchanged)"))

        let bad = try ReconcileBinary.run(["statements", "--state", "state", "--month", "2026-13"], in: dir.path)
        #expect(bad.status == 64)
        let empty = try ReconcileBinary.run(
            ["statements", "--state", "state", "--outbox", "out", "--month", "2025-01"], in: dir.path)
        #expect(empty.status == 0 && empty.stdout.contains("no statement lines for 2025-01"))
    }
}
