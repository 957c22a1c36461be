import Foundation
import Testing

@testable import ReconcileKit

/// SPEC §9: N `reconcile run --worker` processes on one PostgreSQL state write, between them, the
/// outbox and the run log one process on SQLite writes over the same inbox and `--as-of`, whoever
/// claims what; and a worker killed, frozen past its lease or cut off from the database loses
/// nothing and commits nothing twice. Every fault is placed by a FIFO pause (the worker says where
/// it is and waits), and every lease is ended by the test through the database's row (the clock
/// injected), never by waiting for it.
@Suite(.enabled(if: TestDatabase.postgresURL != nil, "RECONCILE_TEST_POSTGRES names no PostgreSQL"), .serialized)
struct WorkerTests {
    static let asOf = ["--as-of", "2026-11-01T00:00:00Z"]
    /// Long enough that no heartbeat renews a lease while a test runs (every 200 s): a lease ends
    /// only when the test ends it.
    static let longLease = ["--lease", "600"]

    // MARK: Equal to one process

    @Test func threeWorkersOnTheSampleWriteWhatOneProcessOnSQLiteWrites() throws {
        let reference = try Self.reference()
        let night = try Night()
        let workers = try (1...3).map { try night.start("w\($0)") }
        for worker in workers {
            #expect(worker.wait() == 1, "the night's exit code, on every worker: \(worker.stderr)")
        }
        try night.expectEqual(to: reference)
        #expect(try night.scalar("SELECT CAST(finish_token AS BIGINT) FROM worker_nights") == 1, "one finish")
        #expect(try night.scalar("SELECT CAST(SUM(files_decoded) AS BIGINT) FROM workers") == 44, "each file once")
        #expect(workers.filter { $0.stdout.contains("by another worker") }.count == 2)
        let status = try night.workspace.run(["status", "--state", night.schema.url])
        #expect(status.stdout.contains("night      '2026-11-01' committed as run"), "\(status.stdout)")
        #expect(status.stdout.contains("files 44 done, 0 claimed, 0 pending"), "\(status.stdout)")
    }

    @Test(arguments: [UInt64(7), 18])
    func threeWorkersOnAGeneratedInboxOfThousandsOfEventsWriteWhatOneProcessWrites(seed: UInt64) throws {
        let inbox = try TemporaryDirectory()
        var generator = GeneratedNight(seed: seed)
        let events = try generator.write(to: inbox.path)
        #expect(events > 3_000)
        let reference = try Self.reference(inbox: inbox.path)
        let night = try Night(inbox: inbox.path)
        let workers = try (1...3).map { try night.start("w\($0)", ["--jobs", "1"]) }
        for worker in workers { #expect(worker.wait() == 1, "\(worker.stderr)") }
        try night.expectEqual(to: reference)
        let decodedBy = try night.scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM workers WHERE files_decoded > 0")
        #expect(decodedBy >= 1)
    }

    @Test func aWorkerArrivingAfterTheNightCommittedChangesNothing() throws {
        let reference = try Self.reference()
        let night = try Night()
        #expect(try night.start("first").wait() == 1)
        let late = try night.start("late")
        #expect(late.wait() == 1, "the night's exit code: \(late.stderr)")
        #expect(late.stdout.contains("by another worker; this worker decoded 0 file(s)"), "\(late.stdout)")
        try night.expectEqual(to: reference)
    }

    // MARK: Faults

    /// A worker SIGKILLed while it holds files: once its lease ends, the others take them over and
    /// finish the night; nothing is applied twice and `verify` is clean.
    @Test func aWorkerKilledMidFileIsTakenOverOnceItsLeaseEnds() throws {
        let reference = try Self.reference()
        let night = try Night()
        let pause = try night.pause("claimed")
        let victim = try night.start("victim", ["--jobs", "2"] + Self.longLease, pause: pause)
        try pause.waitUntilPaused()
        #expect(try night.scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM worker_files WHERE state = 'claimed'") == 2)
        let status = try night.workspace.run(["status", "--state", night.schema.url])
        #expect(status.stdout.contains("  claim    '"), "\(status.stdout)")
        #expect(status.stdout.contains("s left"), "\(status.stdout)")
        kill(victim.process.processIdentifier, SIGKILL)
        _ = victim.wait()
        try night.endLeases()
        let others = try (1...2).map { try night.start("other\($0)") }
        for worker in others { #expect(worker.wait() == 1, "\(worker.stderr)") }
        try night.expectEqual(to: reference)
        #expect(
            try night.scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM worker_files WHERE token = 2") == 2,
            "the victim's two files were claimed again")
        #expect(try night.workspace.run(["verify", "--state", night.schema.url]).status == 0)
    }

    /// A finisher SIGKILLed just before its commit has committed nothing; once its lease ends
    /// another worker takes the finish over.
    @Test func aFinisherKilledBeforeItsCommitIsTakenOverOnceItsLeaseEnds() throws {
        let reference = try Self.reference()
        let night = try Night()
        let victim = try night.start("victim", Self.longLease, environment: ["RECONCILE_CRASH_AT": "before-commit"])
        #expect(victim.wait() == SIGKILL, "killed itself at the commit")
        let log = try night.workspace.run(["log", "--state", night.schema.url])
        #expect(log.stdout == "no runs committed yet\n", "\(log.stdout)")
        #expect(try night.scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM worker_nights WHERE phase = 'finishing'") == 1)
        try night.endLeases()
        let next = try night.start("next")
        #expect(next.wait() == 1, "\(next.stderr)")
        try night.expectEqual(to: reference)
        #expect(try night.scalar("SELECT CAST(finish_token AS BIGINT) FROM worker_nights") == 2, "taken over")
    }

    /// A worker frozen (SIGSTOP) while it holds files, its lease ended and its files taken over and
    /// committed by another: resumed, its write is refused (exit 75) and the night stands.
    @Test func aWorkerPausedPastItsLeaseCannotCommitItsFiles() throws {
        let (sleeper, night) = try Self.frozenPastItsLease(at: "claimed")
        #expect(sleeper.stderr.contains("lost its claim on '"), "\(sleeper.stderr)")
        #expect(sleeper.stderr.contains("another worker took the file over"), "\(sleeper.stderr)")
        #expect(try night.scalar("SELECT CAST(finish_token AS BIGINT) FROM worker_nights") == 1)
    }

    /// A finisher frozen past its lease while another takes the finish over and commits the night:
    /// resumed, it runs the night again, and its commit is refused (exit 75).
    @Test func aFinisherPausedPastItsLeaseCannotCommitTheNight() throws {
        let (sleeper, night) = try Self.frozenPastItsLease(at: "finishing")
        #expect(sleeper.stderr.contains("was taken over by another worker"), "\(sleeper.stderr)")
        #expect(try night.scalar("SELECT CAST(finish_token AS BIGINT) FROM worker_nights") == 2)
    }

    /// A worker paused at `point` and frozen (SIGSTOP), its leases ended, another worker runs the
    /// whole night; then the frozen one resumes and must exit 75, leaving the night as it was.
    static func frozenPastItsLease(at point: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (
        WorkerProcess, Night
    ) {
        let reference = try Self.reference()
        let night = try Night()
        let pause = try night.pause(point)
        let sleeper = try night.start("sleeper", Self.longLease, pause: pause)
        try pause.waitUntilPaused()
        kill(sleeper.process.processIdentifier, SIGSTOP)
        try night.endLeases()
        let other = try night.start("other")
        #expect(other.wait() == 1, "\(other.stderr)", sourceLocation: sourceLocation)
        #expect(other.stdout.contains("committed root"), "the other ran the finish", sourceLocation: sourceLocation)
        try night.expectEqual(to: reference, sourceLocation: sourceLocation)
        kill(sleeper.process.processIdentifier, SIGCONT)
        try pause.release()
        #expect(sleeper.wait() == 75, "\(sleeper.stderr)", sourceLocation: sourceLocation)
        try night.expectEqual(to: reference, sourceLocation: sourceLocation)
        return (sleeper, night)
    }

    /// Two workers that both find every file done race for the finish: exactly one runs it.
    @Test func twoWorkersRacingForTheFinishRunItOnce() throws {
        let reference = try Self.reference()
        let night = try Night()
        let pauses = try ["a", "b"].map { try night.pause("finish", folder: $0) }
        let workers = try zip(["a", "b"], pauses).map { try night.start($0, pause: $1) }
        for pause in pauses { try pause.waitUntilPaused() }
        #expect(try night.scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM worker_files WHERE state <> 'done'") == 0)
        for pause in pauses { try pause.release() }
        for worker in workers { #expect(worker.wait() == 1, "\(worker.stderr)") }
        #expect(workers.filter { $0.stdout.contains("committed root") }.count == 1, "one finisher")
        #expect(workers.filter { $0.stdout.contains("by another worker") }.count == 1)
        #expect(try night.scalar("SELECT CAST(finish_token AS BIGINT) FROM worker_nights") == 1)
        try night.expectEqual(to: reference)
    }

    /// A worker whose database connection is cut ends with exit 73 and a message that says so; it
    /// committed nothing, and a worker started after it finishes the night.
    @Test func aWorkerThatLosesItsDatabaseConnectionExits73() throws {
        let reference = try Self.reference()
        let night = try Night()
        let pause = try night.pause("claimed")
        let cut = try night.start("cut", Self.longLease, pause: pause)
        try pause.waitUntilPaused()
        let pid = cut.process.processIdentifier
        #expect(
            try night.scalar(
                """
                SELECT CAST(COUNT(pg_terminate_backend(pid)) AS BIGINT) FROM pg_stat_activity
                WHERE application_name LIKE 'reconcile worker %/\(pid)'
                """) == 1)
        try pause.release()
        #expect(cut.wait() == 73, "\(cut.stderr)")
        #expect(cut.stderr.contains("the state database cannot be reached"), "\(cut.stderr)")
        try night.endLeases()
        #expect(try night.start("next").wait() == 1)
        try night.expectEqual(to: reference)
    }

    /// A stored result damaged after its worker wrote it (one byte flipped in the row) is refused
    /// by its checksum: the finisher reads that file from the inbox, says so, and the night is
    /// still the one process's.
    @Test func aDamagedStoredResultIsReadFromTheInboxInstead() throws {
        let reference = try Self.reference()
        let night = try Night()
        let pause = try night.pause("finish")
        let worker = try night.start("only", pause: pause)
        try pause.waitUntilPaused()
        let largest = "(SELECT scan_order FROM worker_files ORDER BY length(result) DESC, scan_order LIMIT 1)"
        let connection = try PostgreSQLConnection(conninfo: night.schema.url)
        let path = try #require(
            try connection.prepare("SELECT path FROM worker_files WHERE scan_order = \(largest)", name: "test query")
                .fetchOne { try $0.get(0, as: String.self) })
        try connection.execute(
            script: """
                UPDATE worker_files SET result = set_byte(result, length(result) / 2, get_byte(result, length(result) / 2) # 1)
                WHERE scan_order = \(largest)
                """, name: "damage a stored result")
        try pause.release()
        #expect(worker.wait() == 1, "\(worker.stderr)")
        #expect(
            worker.stderr.contains(
                "warning: the stored result of '\(path)' is damaged (its checksum or layout does not match): the finisher read the file from the inbox"
            ), "\(worker.stderr)")
        try night.expectEqual(to: reference)
    }

    /// A worker whose heartbeat session is cut (its backend terminated while the worker holds
    /// files) opens another at the next beat and renews the leases from there; the night ends as
    /// one process's, and the worker's log says the heartbeat failed.
    @Test func aHeartbeatWhoseConnectionIsCutConnectsAgain() throws {
        let reference = try Self.reference()
        let night = try Night()
        let pause = try night.pause("claimed")
        let worker = try night.start("beating", ["--lease", "3"], pause: pause)
        try pause.waitUntilPaused()
        let session = """
            SELECT CAST(COALESCE(MAX(pid), 0) AS BIGINT) FROM pg_stat_activity
            WHERE application_name LIKE 'reconcile heartbeat %/\(worker.process.processIdentifier)'
            """
        let cut = try night.scalar(session)
        #expect(cut > 0, "the heartbeat's session is there")
        let renewed = try night.scalar("SELECT CAST(MAX(lease_ms) AS BIGINT) FROM worker_files WHERE state = 'claimed'")
        #expect(try night.scalar("SELECT CAST(COUNT(*) AS BIGINT) WHERE pg_terminate_backend(\(cut))") == 1)
        // The next beat fails on the cut session, a later one renews on a new session: waited for
        // as a state of the database, not for a time.
        try night.waitUntil("the leases are renewed on a new heartbeat session") {
            let now = try night.scalar(session)
            let lease = try night.scalar(
                "SELECT CAST(MIN(lease_ms) AS BIGINT) FROM worker_files WHERE state = 'claimed'")
            return now > 0 && now != cut && lease > renewed
        }
        try pause.release()
        #expect(worker.wait() == 1, "\(worker.stderr)")
        #expect(
            worker.stderr.contains("warning: the heartbeat could not renew this worker's leases"), "\(worker.stderr)")
        try night.expectEqual(to: reference)
    }

    @Test func aWorkerOnASQLiteStateIsAUsageError() throws {
        let workspace = try Workspace()
        let result = try workspace.run(Self.asOf + ["--worker"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--worker needs a PostgreSQL state"), "\(result.stderr)")
    }

    // MARK: Support

    /// One process on SQLite over the sample inbox (or `inbox`), as the reference.
    static func reference(inbox: String? = nil) throws -> Workspace {
        let workspace = try Workspace(sampleInbox: inbox == nil)
        if let inbox { try copyInbox(inbox, to: workspace.path + "/inbox") }
        let run = try workspace.run(asOf)
        #expect(run.status == 1, "\(run.stderr)")
        return workspace
    }

    static func copyInbox(_ source: String, to destination: String) throws {
        try FileManager.default.copyItem(atPath: source, toPath: destination)
        let old = Date(timeIntervalSince1970: 1_793_491_200)
        for case let name as String in FileManager.default.enumerator(atPath: destination)! {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: destination + "/" + name)
        }
    }

    /// One night's workers: a shared workspace (inbox and outbox, as a mounted folder) and a schema.
    final class Night {
        let workspace: Workspace
        let schema: PostgreSQLStateSchema

        init(inbox: String? = nil) throws {
            workspace = try Workspace(sampleInbox: inbox == nil)
            if let inbox { try WorkerTests.copyInbox(inbox, to: workspace.path + "/inbox") }
            schema = try PostgreSQLStateSchema()
        }

        func start(
            _ name: String, _ arguments: [String] = [], environment: [String: String] = [:], pause: Pause? = nil
        ) throws -> WorkerProcess {
            var environment = environment
            if let pause { environment["RECONCILE_TEST_WORKER_PAUSE"] = pause.point + ":" + pause.folder }
            return try WorkerProcess(
                in: workspace.path, name: name,
                arguments: ["run", "--worker", "--state", schema.url] + WorkerTests.asOf + arguments,
                environment: environment, pause: pause)
        }

        func pause(_ point: String, folder: String = "pause") throws -> Pause {
            try Pause(point: point, folder: workspace.path + "/" + folder)
        }

        /// Ends every lease now, as the database's clock passing them would.
        func endLeases() throws {
            let connection = try PostgreSQLConnection(conninfo: schema.url)
            try connection.execute(
                script: """
                    UPDATE worker_files SET lease_ms = 0 WHERE state = 'claimed';
                    UPDATE worker_nights SET finish_lease_ms = 0 WHERE phase = 'finishing'
                    """, name: "end the leases")
        }

        /// Polls the database until `holds` (a state another process reaches on its own clock, as a
        /// heartbeat's), failing after a minute rather than waiting forever.
        func waitUntil(
            _ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ holds: () throws -> Bool
        ) throws {
            let deadline = Date().addingTimeInterval(60)
            while try !holds() {
                try #require(Date() < deadline, "timed out waiting until \(what)", sourceLocation: sourceLocation)
                usleep(20_000)
            }
        }

        func scalar(_ sql: String) throws -> Int64 {
            try PostgreSQLConnection(conninfo: schema.url).prepare(sql, name: "test query")
                .fetchOne { try $0.get(0, as: Int64?.self) ?? 0 } ?? 0
        }

        /// The outbox byte for byte, the run log and `verify` equal the reference's (one process,
        /// SQLite).
        func expectEqual(to reference: Workspace, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let expected = try reference.tree("outbox")
            #expect(!expected.isEmpty, sourceLocation: sourceLocation)
            let outbox = try workspace.tree("outbox")
            #expect(Set(outbox.keys) == Set(expected.keys), sourceLocation: sourceLocation)
            #expect(outbox == expected, "the outboxes differ", sourceLocation: sourceLocation)
            let log = try workspace.run(["log", "--json", "--state", schema.url])
            #expect(log.stdout == (try reference.run(["log", "--json"])).stdout, sourceLocation: sourceLocation)
            let verify = try workspace.run(["verify", "--state", schema.url])
            #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)", sourceLocation: sourceLocation)
        }
    }

    /// A pause point (`RECONCILE_TEST_WORKER_PAUSE`): two FIFOs, one the worker writes when it is
    /// there, one it waits on.
    struct Pause {
        let point: String
        let folder: String

        init(point: String, folder: String) throws {
            self.point = point
            self.folder = folder
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            #expect(mkfifo(folder + "/paused", 0o600) == 0)
            #expect(mkfifo(folder + "/release", 0o600) == 0)
        }

        /// Blocks until the worker is at the point; a worker that ended before it opens the FIFO
        /// (``WorkerProcess``), so this fails instead of waiting forever.
        func waitUntilPaused() throws {
            let paused = try #require(FileHandle(forReadingAtPath: folder + "/paused"))
            let said = String(decoding: paused.readDataToEndOfFile(), as: UTF8.self)
            try #require(said == "paused\n", "the worker ended without pausing at \(point)")
        }

        func release() throws {
            let release = try #require(FileHandle(forWritingAtPath: folder + "/release"))
            release.write(Data("go".utf8))
            try release.close()
        }
    }

    /// A worker process, its stdout and stderr in files of the workspace.
    final class WorkerProcess {
        let process = Process()
        private let out: String
        private let err: String

        init(in directory: String, name: String, arguments: [String], environment: [String: String], pause: Pause?)
            throws
        {
            out = directory + "/\(name).out"
            err = directory + "/\(name).err"
            _ = FileManager.default.createFile(atPath: out, contents: nil)
            _ = FileManager.default.createFile(atPath: err, contents: nil)
            process.executableURL = URL(fileURLWithPath: ReconcileBinary.path)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            var env = ProcessInfo.processInfo.environment
            env.removeValue(forKey: "RECONCILE_STATE")
            for (k, v) in environment { env[k] = v }
            process.environment = env
            process.standardOutput = FileHandle(forWritingAtPath: out)
            process.standardError = FileHandle(forWritingAtPath: err)
            if let pause {
                process.terminationHandler = { _ in
                    let fd = open(pause.folder + "/paused", O_WRONLY | O_NONBLOCK)
                    if fd >= 0 { close(fd) }
                }
            }
            try process.run()
        }

        /// Waits for the end: the exit status, or the signal that ended it.
        func wait() -> Int32 {
            process.waitUntilExit()
            return process.terminationStatus
        }

        var stdout: String { (try? String(contentsOfFile: out, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOfFile: err, encoding: .utf8)) ?? "" }
    }
}
