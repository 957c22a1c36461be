import Foundation
import Testing
@testable import ReconcileKit

/// SPEC §7: two runs on one store at once. The first is paused while it holds the lock (through two
/// FIFOs, see `LockPause`), so the overlap is certain, not timing-dependent.
@Suite struct LockTests {
    static let asOf = ["--as-of", "2026-11-01T00:00:00Z"]

    /// Starts a run that stops once it holds the lock; returns the process and the pause folder.
    func startPausedRun(in workspace: Workspace) throws -> (Process, String) {
        let pause = workspace.path + "/pause"
        try FileManager.default.createDirectory(atPath: pause, withIntermediateDirectories: true)
        #expect(mkfifo(pause + "/locked", 0o600) == 0)
        #expect(mkfifo(pause + "/release", 0o600) == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ReconcileBinary.path)
        process.arguments = Self.asOf + ["--quiet"]
        process.currentDirectoryURL = URL(fileURLWithPath: workspace.path)
        var env = ProcessInfo.processInfo.environment
        env["RECONCILE_TEST_LOCK_PAUSE"] = pause
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Blocks until the first run holds the lock and says so.
        let locked = try #require(FileHandle(forReadingAtPath: pause + "/locked"))
        #expect(String(decoding: locked.readDataToEndOfFile(), as: UTF8.self) == "locked\n")
        return (process, pause)
    }

    func release(_ pause: String) throws {
        let release = try #require(FileHandle(forWritingAtPath: pause + "/release"))
        release.write(Data("go".utf8))
        try release.close()
    }

    @Test func aSecondRunRefusesTheLockWithExit75AndNamesTheHolder() throws {
        let workspace = try Workspace()
        let (first, pause) = try startPausedRun(in: workspace)
        let second = try workspace.run(Self.asOf)
        #expect(second.status == 75)
        #expect(second.stderr.contains("pid \(first.processIdentifier)"))
        #expect(second.stderr.contains("host"))
        try release(pause)
        first.waitUntilExit()
        #expect(first.terminationStatus == 1)
        #expect(try workspace.run(["verify"]).status == 0)
        let log = try workspace.run(["log", "--json"])
        let runs = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as! [Any]
        #expect(runs.count == 1, "exactly one run committed")
    }

    @Test func aSecondRunWithWaitCommitsAfterTheFirst() throws {
        let workspace = try Workspace()
        let (first, pause) = try startPausedRun(in: workspace)
        let second = Process()
        second.executableURL = URL(fileURLWithPath: ReconcileBinary.path)
        second.arguments = Self.asOf + ["--wait", "--quiet"]
        second.currentDirectoryURL = URL(fileURLWithPath: workspace.path)
        second.standardOutput = FileHandle.nullDevice
        second.standardError = FileHandle.nullDevice
        try second.run()
        try release(pause)
        first.waitUntilExit()
        second.waitUntilExit()
        #expect(first.terminationStatus == 1)
        #expect(second.terminationStatus == 1)
        #expect(try workspace.run(["verify"]).status == 0)
        let log = try workspace.run(["log", "--json"])
        let runs = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as! [[String: Any]]
        #expect(runs.count == 2, "both committed, one after the other")
        #expect(runs[0]["parent"] as? String == runs[1]["root"] as? String)
    }
}
