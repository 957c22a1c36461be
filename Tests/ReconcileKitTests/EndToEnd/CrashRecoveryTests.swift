import Foundation
import Testing

@testable import ReconcileKit

/// SPEC §7: a run killed (SIGKILL) at any step — its rows half written in the open transaction,
/// everything written but not committed, committed but no outbox — leaves the previous state
/// intact or the new one whole, the next run redoes the work, `verify` is clean, and the result
/// equals an uninterrupted run's. The kill point is injected with `RECONCILE_CRASH_AT`; nothing
/// depends on timing.
@Suite struct CrashRecoveryTests {
    static let asOf = ["--as-of", "2026-11-01T00:00:00Z"]
    /// How many times each crash point is exercised per `swift test` (CI); raise it locally with
    /// RECONCILE_CRASH_REPEAT to hunt for rare failures.
    static let repeats = Int(ProcessInfo.processInfo.environment["RECONCILE_CRASH_REPEAT"] ?? "") ?? 1

    struct Reference {
        /// The head after one, two and three uninterrupted runs.
        let heads: [String]
        let statementsCSV: [String: Data]
        /// The outbox after one and after two uninterrupted runs.
        let outboxes: [[String: Data]]
    }

    static func head(_ workspace: Workspace) throws -> String {
        try StoredState.load(state: workspace.path + "/.reconcile").head?.hex ?? "none"
    }

    static let reference: Reference = {
        let clean = try! Workspace()
        var heads: [String] = []
        var outboxes: [[String: Data]] = []
        for _ in 0..<3 {
            _ = try! clean.run(asOf)
            heads.append(try! head(clean))
            outboxes.append(try! clean.tree("outbox"))
        }
        return Reference(
            heads: heads, statementsCSV: try! clean.tree("outbox/statements").filter { $0.key.hasSuffix(".csv") },
            outboxes: Array(outboxes.prefix(2)))
    }()

    /// Whether a run killed at `point` had committed: from `beforePublish` on, except a first run's
    /// on SQLite (`builtBeside`), whose database is not in the state's place before it is published.
    static func committed(killedAt point: CrashPoint, builtBeside: Bool) -> Bool {
        point == .afterCommit || (point == .beforePublish && !builtBeside)
    }

    /// After run number `run` was killed at `point` and the next run: the head and outbox an
    /// uninterrupted run gives (SQLite's: the engines give the same roots).
    static func expectRecovered(
        _ workspace: Workspace, head: String, killedAt point: CrashPoint, run: Int = 1, builtBeside: Bool = true
    ) throws {
        if committed(killedAt: point, builtBeside: builtBeside && run == 1) {
            // The killed run had committed; the next one found nothing new, as another clean run does.
            #expect(head == reference.heads[run])
        } else {
            // Nothing was committed; the next run redid exactly the same work, to the same root.
            #expect(head == reference.heads[run - 1])
            #expect(try workspace.tree("outbox") == reference.outboxes[run - 1])
        }
        #expect(try workspace.tree("outbox/statements").filter { $0.key.hasSuffix(".csv") } == reference.statementsCSV)
        // The killed run's temporary files (its statements are staged before its commit) are gone.
        #expect(try workspace.tree("outbox").keys.filter { $0.hasSuffix(".tmp") } == [])
    }

    /// A first run builds its database beside the state: killed before that is in place, it
    /// leaves no state (what it built is deleted by the next run, which starts over).
    @Test(arguments: CrashPoint.allCases)
    func aFirstRunKilledAtAnyStepIsRedoneByTheNextRun(point: CrashPoint) throws {
        for _ in 0..<Self.repeats {
            let workspace = try Workspace()
            let killed = try workspace.run(Self.asOf, environment: ["RECONCILE_CRASH_AT": point.rawValue])
            #expect(killed.signal == SIGKILL, "the run must stop dead at \(point.rawValue)")

            let committed = Self.committed(killedAt: point, builtBeside: true)
            let status = try workspace.run(["status"])
            let verifyAfterKill = try workspace.run(["verify"])
            if committed {
                #expect(verifyAfterKill.status == 0, "\(verifyAfterKill.stdout)")
                #expect(!status.stdout.contains("none (no run committed yet)"), "\(status.stdout)")
            } else {
                for command in [status, verifyAfterKill] {
                    #expect(command.status == 64, "\(command.stderr)")
                    #expect(command.stderr.contains("no state at"), "\(command.stderr)")
                }
                let building = workspace.path + "/.reconcile/" + StateAccess.sqliteFileName + StateAccess.buildSuffix
                #expect(
                    FileManager.default.fileExists(atPath: building),
                    "the killed run's build is left until the next run")
            }
            let next = try workspace.run(Self.asOf)
            #expect(next.status == 1, "the next run succeeds (1: the sample's corrupt file)")
            #expect(try workspace.run(["verify"]).status == 0)
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: workspace.path + "/.reconcile").sorted() == [
                    "lock", "state.sqlite",
                ],
                "the killed run's build is gone, and the state is one file")

            try Self.expectRecovered(workspace, head: try Self.head(workspace), killedAt: point)
        }
    }

    /// A later run writes in the state's own transaction: killed before its commit, the state is
    /// the previous run's, `verify` is clean, and the next run redoes the work.
    @Test(arguments: CrashPoint.allCases)
    func aLaterRunKilledAtAnyStepLeavesTheStateWholeAndIsRedone(point: CrashPoint) throws {
        for _ in 0..<Self.repeats {
            let workspace = try Workspace()
            _ = try workspace.run(Self.asOf)
            let killed = try workspace.run(Self.asOf, environment: ["RECONCILE_CRASH_AT": point.rawValue])
            #expect(killed.signal == SIGKILL, "the run must stop dead at \(point.rawValue)")

            let verifyAfterKill = try workspace.run(["verify"])
            #expect(verifyAfterKill.status == 0, "\(verifyAfterKill.stdout)")
            let committed = Self.committed(killedAt: point, builtBeside: false)
            #expect(try Self.head(workspace) == Self.reference.heads[committed ? 1 : 0])
            let next = try workspace.run(Self.asOf)
            #expect(next.status == 1, "the next run succeeds (1: the sample's corrupt file)")
            #expect(try workspace.run(["verify"]).status == 0)

            try Self.expectRecovered(workspace, head: try Self.head(workspace), killedAt: point, run: 2)
        }
    }

    @Test func gcAfterAKilledRunHasNothingToRemove() throws {
        // The killed run's objects were in its uncommitted transaction: nothing of them is left.
        // A first run over an empty inbox makes the state; the killed one would add the sample's.
        let workspace = try Workspace()
        try FileManager.default.createDirectory(atPath: workspace.path + "/empty", withIntermediateDirectories: true)
        #expect(try workspace.run(Self.asOf + ["--inbox", workspace.path + "/empty"]).status == 0)
        let killed = try workspace.run(Self.asOf, environment: ["RECONCILE_CRASH_AT": CrashPoint.beforeCommit.rawValue])
        #expect(killed.signal == SIGKILL)
        let gc = try workspace.run(["gc"])
        #expect(gc.status == 0)
        #expect(gc.stdout == "nothing to remove\n")
    }
}
