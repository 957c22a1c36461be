import Foundation
import Testing

@testable import ReconcileKit

/// SPEC §7: two runs on one store at once. The first is paused while it holds the lock (through two
/// FIFOs, see `LockPause`), so the overlap is certain, not timing-dependent.
@Suite struct LockTests {
    static let asOf = ["--as-of", "2026-11-01T00:00:00Z"]

    /// Starts a run that stops once it holds the lock; returns the process and the pause folder.
    /// `environment` is added to the test's own (`RECONCILE_STATE` to run on another state).
    func startPausedRun(in workspace: Workspace, environment: [String: String] = [:]) throws -> (Process, String) {
        let pause = workspace.path + "/pause"
        try FileManager.default.createDirectory(atPath: pause, withIntermediateDirectories: true)
        #expect(mkfifo(pause + "/locked", 0o600) == 0)
        #expect(mkfifo(pause + "/release", 0o600) == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ReconcileBinary.path)
        process.arguments = Self.asOf + ["--quiet"]
        process.currentDirectoryURL = URL(fileURLWithPath: workspace.path)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "RECONCILE_STATE")
        env["RECONCILE_TEST_LOCK_PAUSE"] = pause
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        // A run that ends without pausing (a failure before it holds the lock) would leave the test
        // waiting for it forever: its end opens the FIFO instead, so the test fails here.
        process.terminationHandler = { _ in
            let fd = open(pause + "/locked", O_WRONLY | O_NONBLOCK)
            if fd >= 0 { close(fd) }
        }
        try process.run()
        // Blocks until the first run holds the lock and says so.
        let locked = try #require(FileHandle(forReadingAtPath: pause + "/locked"))
        try #require(
            String(decoding: locked.readDataToEndOfFile(), as: UTF8.self) == "locked\n",
            "the first run ended without pausing")
        return (process, pause)
    }

    func release(_ pause: String) throws {
        let release = try #require(FileHandle(forWritingAtPath: pause + "/release"))
        release.write(Data("go".utf8))
        try release.close()
    }

    /// Both runs are first runs: the second waits while the first holds the lock of a store it has
    /// not created yet, then opens the store the first created and commits on top of it.
    @Test func aSecondRunWithWaitCommitsAfterTheFirst() throws {
        let workspace = try Workspace()
        let (first, pause) = try startPausedRun(in: workspace)
        #expect(!FileManager.default.fileExists(atPath: workspace.path + "/.reconcile/state.sqlite"))
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

    /// What the state folder holds when two runs start on it at once.
    enum StateFolder: String, CaseIterable, CustomTestStringConvertible {
        case missing
        case empty
        /// What a first run killed before it created its database leaves: a lock file with a dead
        /// holder's text.
        case leftOfAKilledCreation
        /// A store one run has already committed to.
        case committed

        var testDescription: String { rawValue }

        func prepare(_ workspace: Workspace) throws {
            let state = workspace.path + "/.reconcile"
            switch self {
            case .missing:
                break
            case .empty:
                try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: false)
            case .leftOfAKilledCreation:
                try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: false)
                try Data(LockHolder(pid: 999_999, host: "gone", started: 1).text.utf8).write(
                    to: URL(fileURLWithPath: state + "/lock"))
            case .committed:
                try FileManager.default.createDirectory(
                    atPath: workspace.path + "/empty-inbox", withIntermediateDirectories: false)
                let first = try workspace.run(LockTests.asOf + ["--inbox", "empty-inbox", "--outbox", "empty-outbox"])
                #expect(first.status == 0, "\(first.stderr)")
            }
        }

        var runsBefore: Int { self == .committed ? 1 : 0 }
    }

    /// The second of two first runs used to exit 64 "not a reconcile state store" on the
    /// first one's half-made folder. The first is held with the lock taken and, on a new store,
    /// before it has written anything of the store; the second must be refused as locked.
    @Test(arguments: StateFolder.allCases)
    func aSecondRunRefusesTheLockWithExit75AndNamesTheHolder(_ folder: StateFolder) throws {
        let workspace = try Workspace()
        try folder.prepare(workspace)
        let (first, pause) = try startPausedRun(in: workspace)
        let state = workspace.path + "/.reconcile"
        // The first run holds the lock; a new store is not created yet (the window of the race).
        #expect(FileManager.default.fileExists(atPath: state + "/state.sqlite") == (folder == .committed))

        let second = try workspace.run(Self.asOf)

        #expect(second.status == 75, "\(second.stderr)")
        #expect(
            second.stderr.contains("state store is locked by pid \(first.processIdentifier) on host"),
            "\(second.stderr)")
        #expect(!second.stderr.contains("not a reconcile state store"))
        #expect(
            FileManager.default.fileExists(atPath: state + "/state.sqlite") == (folder == .committed),
            "the refused run wrote no store")
        try release(pause)
        first.waitUntilExit()
        #expect(first.terminationStatus == 1)
        let verify = try workspace.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let log = try workspace.run(["log", "--json"])
        let runs = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as! [Any]
        #expect(runs.count == folder.runsBefore + 1, "exactly one of the two committed")
    }
}
