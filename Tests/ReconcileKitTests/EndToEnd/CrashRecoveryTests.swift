import Foundation
import Testing
@testable import ReconcileKit

/// SPEC §7: a run killed (SIGKILL) at any step of its commit leaves the previous state intact, the
/// next run redoes the work, `verify` is clean, and the result equals an uninterrupted run's.
/// The kill point is injected with `RECONCILE_CRASH_AT`; nothing depends on timing.
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

    static let reference: Reference = {
        let clean = try! Workspace()
        _ = try! clean.run(asOf)
        let first = try! clean.read(".reconcile/HEAD")
        let outbox = try! clean.tree("outbox")
        _ = try! clean.run(asOf)
        return Reference(headAfterOneRun: first, headAfterTwoRuns: try! clean.read(".reconcile/HEAD"),
                         statementsCSV: try! clean.tree("outbox/statements").filter { $0.key.hasSuffix(".csv") },
                         outboxAfterOneRun: outbox)
    }()

    @Test(arguments: CrashPoint.allCases)
    func aRunKilledAtACommitStepIsRedoneByTheNextRun(point: CrashPoint) throws {
        for _ in 0..<Self.repeats {
            let workspace = try Workspace()
            let killed = try workspace.run(Self.asOf, environment: ["RECONCILE_CRASH_AT": point.rawValue])
            #expect(killed.signal == SIGKILL, "the run must stop dead at \(point.rawValue)")

            let verifyAfterKill = try workspace.run(["verify"])
            if FileManager.default.fileExists(atPath: workspace.path + "/.reconcile/HEAD") {
                #expect(verifyAfterKill.status == 0, "\(verifyAfterKill.stdout)")
            }
            let next = try workspace.run(Self.asOf)
            #expect(next.status == 1, "the next run succeeds (1: the sample's corrupt file)")
            #expect(try workspace.run(["verify"]).status == 0)

            let head = try workspace.read(".reconcile/HEAD")
            let reference = Self.reference
            if point == .afterHead {
                // The killed run had committed; the next one found nothing new, as a second clean run does.
                #expect(head == reference.headAfterTwoRuns)
            } else {
                // Nothing was committed; the next run redid exactly the same work, to the same root.
                #expect(head == reference.headAfterOneRun)
                #expect(try workspace.tree("outbox") == reference.outboxAfterOneRun)
            }
            #expect(try workspace.tree("outbox/statements").filter { $0.key.hasSuffix(".csv") } == reference.statementsCSV)
        }
    }

    @Test func gcRemovesWhatAKilledRunLeftBehind() throws {
        let workspace = try Workspace()
        _ = try workspace.run(Self.asOf, environment: ["RECONCILE_CRASH_AT": CrashPoint.beforeHead.rawValue])
        let gc = try workspace.run(["gc"])
        #expect(gc.status == 0)
        #expect(gc.stdout.contains("removed"))
        #expect(try workspace.run(["gc"]).stdout == "nothing to remove\n")
    }
}
