import Foundation
import Testing

@testable import ReconcileKit

/// Hostile conditions on the built binary: a failing disk through `RECONCILE_TEST_FAIL`, an outbox that cannot
/// be written, odd inbox names in the logs, and a run that writes nothing outside its outbox and
/// state folder.
@Suite struct HostileRunTests {
    static let asOf = ["--as-of", "2026-11-01T00:00:00Z"]

    /// The statements are staged in the outbox before the state's database commits, and put in
    /// place after it (SQLite's own I/O is not under `RECONCILE_TEST_FAIL`): a disk that fails the
    /// outbox's writes, fsyncs or renames ends the run with 73, naming the path and saying whether
    /// the state is committed; `verify` is clean and the next run writes a complete outbox.
    @Test(arguments: ["write:1+:ENOSPC", "fsync:1:EIO", "rename:1+:EROFS", "write:3:EIO", "fsync:5:EIO"])
    func aFailingOutboxDiskExits73AndTheNextRunWritesTheOutbox(plan: String) throws {
        let workspace = try Workspace()
        _ = try workspace.run(Self.asOf + ["--quiet"])
        // A new file for the second night, so the run has something to commit.
        let event = try String(
            contentsOfFile: repositoryRoot + "/Tests/ReconcileKitTests/Fixtures/decoding/checkout-pretty.json",
            encoding: .utf8)
        _ = try workspace.directory.write(
            "inbox/late/evt.json", Array(event.utf8), modified: Date(timeIntervalSince1970: 1_793_491_200))
        let failed = try workspace.run(Self.asOf, environment: ["RECONCILE_TEST_FAIL": plan])
        #expect(failed.status == 73, "\(plan): \(failed.stderr)")
        #expect(failed.stderr.hasPrefix("reconcile: "))
        #expect(failed.stderr.contains("./outbox/"), "the message names the path: \(failed.stderr)")
        // A disk failing from its first write fails the outbox probe before the state is opened;
        // a failure while the statements are staged comes before the commit, a later one after
        // it; the message says which.
        let committed = failed.stderr.contains("state committed")
        let notCommitted =
            failed.stderr.contains("reconcile-probe")
            || failed.stderr.contains("nothing committed, the state is as it was")
        #expect(committed != notCommitted, "\(failed.stderr)")
        // The third write is a statement's: staged before the commit, so nothing is committed.
        if plan == "write:3:EIO" { #expect(notCommitted, "\(failed.stderr)") }
        let reason = [
            "ENOSPC": "No space left on device", "EIO": "Input/output error", "EROFS": "Read-only file system",
        ]
        #expect(failed.stderr.contains(reason[String(plan.split(separator: ":").last!)]!), "\(failed.stderr)")
        #expect(try workspace.run(["verify"]).status == 0)
        // Space again: the next run writes its whole outbox.
        let next = try workspace.run(Self.asOf + ["--json"])
        #expect(next.status == 1)
        #expect(FileManager.default.fileExists(atPath: workspace.path + "/outbox/runs/latest/report.json"))
        #expect(try workspace.run(["verify"]).status == 0)
    }

    @Test func aMalformedFaultPlanIsAUsageError() throws {
        let workspace = try Workspace(sampleInbox: false)
        let result = try workspace.run(Self.asOf, environment: ["RECONCILE_TEST_FAIL": "fsync:often:EIO"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("RECONCILE_TEST_FAIL"))
    }

    @Test func anOutboxThatIsAFileExits73BeforeCommitting() throws {
        let workspace = try Workspace()
        _ = try workspace.directory.write("outbox", Array("not a folder\n".utf8))
        let result = try workspace.run(Self.asOf)
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderr.contains("outbox"))
        #expect(
            !FileManager.default.fileExists(atPath: workspace.path + "/.reconcile/state.sqlite"),
            "nothing was committed")
    }

    @Test func aNameWithANewlineCannotForgeALogLine() throws {
        let workspace = try Workspace(sampleInbox: false)
        let forged = "x.json\nreconcile: committed root 000000000000"
        _ = try workspace.directory.write(
            "inbox/" + forged, Array("not json".utf8), modified: Date(timeIntervalSince1970: 1_793_491_200))
        _ = try workspace.directory.write(
            "inbox/café ☕ week 1.json", Array("[]".utf8), modified: Date(timeIntervalSince1970: 1_793_491_200))
        let result = try workspace.run(Self.asOf)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.allSatisfy { $0.hasPrefix("reconcile: ") }, "\(result.stderr)")
        #expect(!lines.contains { $0.hasPrefix("reconcile: committed root") })
        #expect(result.stderr.contains(#"quarantined 'x.json\nreconcile: committed root 000000000000'"#))
        // The reports carry the true name, escaped by their format.
        let report =
            try JSONSerialization.jsonObject(with: Data(try workspace.read("outbox/runs/latest/report.json").utf8))
            as! [String: Any]
        let files = report["files"] as! [String: Any]
        let quarantined = files["quarantined"] as! [[String: Any]]
        #expect(quarantined.compactMap { $0["path"] as? String }.contains(forged))
    }

    /// Every file the run creates, changes or removes is under `outbox/` or `.reconcile/`; the
    /// inbox and everything else in the working folder (including TMPDIR) stay as they were.
    @Test func aRunWritesNothingOutsideTheOutboxAndTheStateFolder() throws {
        let workspace = try Workspace()
        try FileManager.default.createDirectory(atPath: workspace.path + "/tmp", withIntermediateDirectories: true)
        _ = try workspace.directory.write("bystander.txt", Array("leave me\n".utf8))
        for name in HostileCorpus.names {
            try FileManager.default.copyItem(
                atPath: HostileCorpus.folder + "/" + name, toPath: workspace.path + "/inbox/hostile-" + name)
        }
        let outside = {
            snapshotTree(workspace.path).filter { !$0.key.hasPrefix("outbox") && !$0.key.hasPrefix(".reconcile") }
        }
        let before = outside()
        let env = ["TMPDIR": workspace.path + "/tmp", "HOME": workspace.path + "/tmp"]
        for arguments in [
            Self.asOf, ["retry"] + Self.asOf, ["status"], ["log"], ["verify"], ["gc"],
            ["statements", "--month", "2026-09"],
            ["explain", "tnt_bella", "evt_00078c767f49353d"], Self.asOf + ["--dry-run"],
        ] {
            let result = try workspace.run(
                arguments + ["--settle", "0"].filter { _ in arguments.contains("--as-of") }, environment: env)
            #expect(result.signal == nil, "\(arguments) crashed")
            #expect(outside() == before, "\(arguments) wrote outside the outbox and the state folder")
        }
    }
}
