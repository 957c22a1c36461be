import Foundation
import Testing

@testable import ReconcileKit

/// Runs the built `reconcile` binary on the repository's sample inbox, as the README does.
@Suite struct SampleRunTests {
    static let asOf = "2026-11-01T00:00:00Z"

    /// Two runs over one inbox and `--as-of`, each into a new state and outbox, leave the same
    /// bytes: the outboxes and the `state.sqlite` files themselves (rows are written in key order,
    /// never in a dictionary's per-process order; each process hashes with its own seed).
    @Test func twoRunsOverOneInboxLeaveByteIdenticalStateFilesAndOutboxes() throws {
        let workspace = try Workspace()
        for copy in ["a", "b"] {
            let result = try workspace.run([
                "--as-of", Self.asOf, "--state", "state-\(copy)", "--outbox", "outbox-\(copy)",
            ])
            #expect(result.status == 1, "\(result.stderr)")
        }
        let a = try workspace.tree("state-a")
        #expect(a.keys.contains("state.sqlite"))
        #expect(a == (try workspace.tree("state-b")))
        #expect(try workspace.tree("outbox-a") == (try workspace.tree("outbox-b")))
    }

    @Test func theSampleRunCommitsReportsAndStatementsAndExitsOneForTheCorruptFile() throws {
        let workspace = try Workspace()
        let result = try workspace.run(["--as-of", Self.asOf])
        #expect(result.status == 1, "quarantined file and failed events need attention")
        #expect(result.stdout.contains("committed root"))
        #expect(result.stdout.contains("1 quarantined"))
        #expect(result.stderr.contains("quarantined 'webhooks/2026-10/evt_truncated.json' at line 27"))
        #expect(result.stderr.contains("FAILED: Unknown tenant"))

        let report =
            try JSONSerialization.jsonObject(with: Data(try workspace.read("outbox/runs/latest/report.json").utf8))
            as! [String: Any]
        let events = report["events"] as! [String: Any]
        #expect(events["applied"] as? Int == 75)
        #expect((events["failed"] as? [Any])?.count == 3)
        #expect((report["backfilled"] as? [Any])?.count == 4)
        let settlement = try #require(report["settlement"] as? [String: Any])
        #expect(settlement["settled"] as? Int == 40)
        #expect(settlement["unsettled"] as? Int == 20)
        #expect(settlement["unmatchedCredits"] as? Int == 1)
        // Lumen's second bank: an account without IBAN, entries without references, twin debits.
        let bank = try #require(report["bank"] as? [String: Any])
        let statements = try #require(bank["statements"] as? [[String: Any]])
        #expect(statements.count == 5)
        let lumen = try #require(statements.first { $0["statementId"] as? String == "LUMEN-2026-10" })
        #expect(lumen["tenantId"] as? String == "tnt_lumen")
        #expect(lumen["agrees"] as? Bool == true)
        #expect((lumen["entries"] as? [String: Any])?["booked"] as? Int == 13)
        #expect(result.stdout.contains("5 bank statements: 1 agree, 0 disagree, 4 not checked"))
        for month in ["2026-08", "2026-09", "2026-10"] {
            for tenant in ["tnt_bella", "tnt_lumen", "tnt_oak"] {
                for ext in ["csv", "json", "html"] {
                    #expect(
                        FileManager.default.fileExists(
                            atPath: "\(workspace.path)/outbox/statements/\(month)/\(tenant).\(ext)"))
                }
            }
        }
    }

    @Test func theSampleOutboxMatchesItsGoldenFiles() throws {
        let workspace = try Workspace()
        _ = try workspace.run(["--as-of", Self.asOf])
        let runID = try FileManager.default.destinationOfSymbolicLink(atPath: workspace.path + "/outbox/runs/latest")
        for (golden, produced) in [
            ("sample/report.md", "runs/\(runID)/report.md"),
            ("sample/exceptions.csv", "runs/\(runID)/exceptions.csv"),
            ("sample/tnt_oak-2026-10.csv", "statements/2026-10/tnt_oak.csv"),
            ("sample/tnt_bella-2026-09.json", "statements/2026-09/tnt_bella.json"),
        ] {
            try expectGolden(golden, equals: try workspace.read("outbox/" + produced))
        }
    }

    @Test func aSecondRunSkipsEverySeenFileAndLeavesStatementsUntouched() throws {
        let workspace = try Workspace()
        _ = try workspace.run(["--as-of", Self.asOf])
        let statement = workspace.path + "/outbox/statements/2026-09/tnt_oak.csv"
        let before = try FileManager.default.attributesOfItem(atPath: statement)
        let second = try workspace.run(["--as-of", Self.asOf, "--json"])
        #expect(second.status == 1)
        let summary = try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as! [String: Any]
        let files = summary["files"] as! [String: Any]
        let records = summary["records"] as! [String: Any]
        #expect(files["alreadySeen"] as? Int == 43, "every file but the corrupt one")
        #expect(records["new"] as? Int == 0)
        let after = try FileManager.default.attributesOfItem(atPath: statement)
        #expect(before[.systemFileNumber] as? Int == after[.systemFileNumber] as? Int)
        #expect(before[.modificationDate] as? Date == after[.modificationDate] as? Date)
    }

    @Test func retryAppliesAFailedEventOnceItsTenantArrives() throws {
        let workspace = try Workspace()
        _ = try workspace.run(["--as-of", Self.asOf])
        let ghost =
            #"{"object":"tenant","exportedAt":"2026-10-15T00:00:00Z","id":"tnt_ghost","slug":"ghost","name":"Ghost Hall","commissionPercent":"5"}"#
        try workspace.directory.write(
            "inbox/platform/tenants-ghost.ndjson", Array((ghost + "\n").utf8),
            modified: Date(timeIntervalSince1970: 1_793_491_200))
        let retry = try workspace.run(["retry", "--as-of", Self.asOf])
        #expect(!retry.stderr.contains("Unknown tenant"))
        let explain = try workspace.run(["explain", "tnt_ghost", "evt_9002fc90763043c7", "--json"])
        #expect(explain.status == 0)
        let records = try JSONSerialization.jsonObject(with: Data(explain.stdout.utf8)) as! [[String: Any]]
        let history = try #require(records.first?["statusHistory"] as? [[String: Any]])
        #expect(history.map { $0["to"] as? String } == ["PENDING", "FAILED", "PENDING", "PROCESSED"])
        let status = try workspace.run(["status"])
        #expect(status.stdout.contains("failed     2 event(s)"))
    }

    @Test func aBankEntryRepeatedInTheIntradayReportCountsOnce() throws {
        let workspace = try Workspace()
        let result = try workspace.run(["--as-of", Self.asOf, "--json"])
        #expect(result.status == 1)
        let explain = try workspace.run(["explain", "tnt_bella", "ACS-BELLA-0005", "--json"])
        let records = try JSONSerialization.jsonObject(with: Data(explain.stdout.utf8)) as! [[String: Any]]
        let sightings = try #require(records.first?["sightings"] as? [[String: Any]])
        #expect(sightings.map { $0["outcome"] as? String } == ["new", "duplicate"])
        #expect(Set(sightings.map { $0["objectId"] as? String }).count == 1)
    }

    @Test func inputsAreNeverModified() throws {
        let workspace = try Workspace()
        let before = try workspace.tree("inbox")
        let attributes = try FileManager.default.attributesOfItem(
            atPath: workspace.path + "/inbox/platform/tenants-2026-08-01.json")
        _ = try workspace.run(["--as-of", Self.asOf])
        _ = try workspace.run(["retry", "--as-of", Self.asOf])
        #expect(try workspace.tree("inbox") == before)
        let after = try FileManager.default.attributesOfItem(
            atPath: workspace.path + "/inbox/platform/tenants-2026-08-01.json")
        #expect(attributes[.modificationDate] as? Date == after[.modificationDate] as? Date)
    }

    @Test func aDryRunWritesNothing() throws {
        let workspace = try Workspace()
        let result = try workspace.run(["--dry-run", "--as-of", Self.asOf])
        #expect(result.status == 1)
        #expect(result.stdout.contains("dry run, nothing committed"))
        #expect(!FileManager.default.fileExists(atPath: workspace.path + "/.reconcile"))
        #expect(!FileManager.default.fileExists(atPath: workspace.path + "/outbox"))
    }

    @Test func aBadFlagIsAUsageError() throws {
        let workspace = try Workspace(sampleInbox: false)
        #expect(try workspace.run(["--settle", "soon"]).status == 64)
        #expect(try workspace.run(["--as-of", "yesterday"]).status == 64)
    }

    @Test func anOutboxThatCannotBeWrittenExits73AndLeavesTheStateUncommitted() throws {
        let workspace = try Workspace()
        try workspace.directory.write("outbox", "not a folder")
        let result = try workspace.run(["--as-of", Self.asOf])
        #expect(result.status == 73)
        #expect(result.stderr.contains("outbox"))
        #expect(!FileManager.default.fileExists(atPath: workspace.path + "/.reconcile/state.sqlite"))
    }

    @Test func verifyIsCleanAfterTheSampleRun() throws {
        let workspace = try Workspace()
        _ = try workspace.run(["--as-of", Self.asOf])
        let verify = try workspace.run(["verify"])
        #expect(verify.status == 0)
        #expect(verify.stdout == "store verified: no problems\n")
    }
}
