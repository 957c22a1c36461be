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
        let headAfterOneRun: String
        let headAfterTwoRuns: String
        let statementsCSV: [String: Data]
        let outboxAfterOneRun: [String: Data]
    }

    static func head(_ workspace: Workspace) throws -> String {
        try StoredState.load(state: workspace.path + "/.reconcile").head?.hex ?? "none"
    }

    static let reference: Reference = {
        let clean = try! Workspace()
        _ = try! clean.run(asOf)
        let first = try! head(clean)
        let outbox = try! clean.tree("outbox")
        _ = try! clean.run(asOf)
        return Reference(headAfterOneRun: first, headAfterTwoRuns: try! head(clean),
                         statementsCSV: try! clean.tree("outbox/statements").filter { $0.key.hasSuffix(".csv") },
                         outboxAfterOneRun: outbox)
    }()

    /// After a run killed at `point` and the next run: the head and outbox an uninterrupted run
    /// gives (SQLite's: the engines give the same roots).
    static func expectRecovered(_ workspace: Workspace, head: String, killedAt point: CrashPoint) throws {
        if point == .afterCommit {
            // The killed run had committed; the next one found nothing new, as a second clean run does.
            #expect(head == reference.headAfterTwoRuns)
        } else {
            // Nothing was committed; the next run redid exactly the same work, to the same root.
            #expect(head == reference.headAfterOneRun)
            #expect(try workspace.tree("outbox") == reference.outboxAfterOneRun)
        }
        #expect(try workspace.tree("outbox/statements").filter { $0.key.hasSuffix(".csv") } == reference.statementsCSV)
        // The killed run's temporary files (its statements are staged before its commit) are gone.
        #expect(try workspace.tree("outbox").keys.filter { $0.hasSuffix(".tmp") } == [])
    }

    @Test(arguments: CrashPoint.allCases)
    func aRunKilledAtAnyStepIsRedoneByTheNextRun(point: CrashPoint) throws {
        for _ in 0..<Self.repeats {
            let workspace = try Workspace()
            let killed = try workspace.run(Self.asOf, environment: ["RECONCILE_CRASH_AT": point.rawValue])
            #expect(killed.signal == SIGKILL, "the run must stop dead at \(point.rawValue)")

            let verifyAfterKill = try workspace.run(["verify"])
            #expect(verifyAfterKill.status == 0, "\(verifyAfterKill.stdout)")
            let status = try workspace.run(["status"]).stdout
            #expect(status.contains("none (no run committed yet)") == (point != .afterCommit), "\(status)")
            let next = try workspace.run(Self.asOf)
            #expect(next.status == 1, "the next run succeeds (1: the sample's corrupt file)")
            #expect(try workspace.run(["verify"]).status == 0)

            try Self.expectRecovered(workspace, head: try Self.head(workspace), killedAt: point)
        }
    }

    @Test func gcAfterAKilledRunHasNothingToRemove() throws {
        // The killed run's objects were in its uncommitted transaction: nothing of them is left.
        let workspace = try Workspace()
        _ = try workspace.run(Self.asOf, environment: ["RECONCILE_CRASH_AT": CrashPoint.beforeCommit.rawValue])
        let gc = try workspace.run(["gc"])
        #expect(gc.status == 0)
        #expect(gc.stdout == "nothing to remove\n")
    }
}
