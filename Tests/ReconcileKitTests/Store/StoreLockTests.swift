import Foundation
import Testing

@testable import ReconcileKit

@Suite struct StoreLockTests {
    // flock locks belong to open file descriptions, so a second open() of the lock file in this
    // process conflicts exactly as another process would. The integrator's end-to-end tests cover
    // a real second process with the built binary.
    @Test func aSecondAcquireFailsNamingTheHolder() throws {
        let dir = StoreTempDir()
        #expect(mkdir(dir.storePath, 0o700) == 0)
        let holder = LockHolder(pid: getpid(), host: "batch-01", started: 1_767_225_600)
        let lock = try StoreLock.acquire(storePath: dir.storePath, wait: false, holder: holder)

        do {
            _ = try StoreLock.acquire(storePath: dir.storePath, wait: false)
            Issue.record("a held lock was acquired twice")
        } catch {
            #expect(error == .locked(path: dir.storePath + "/lock", holder: holder))
            #expect(
                error.description
                    == "state store is locked by pid \(getpid()) on host batch-01, started 2026-01-01T00:00:00Z ('\(dir.storePath)/lock')"
            )
        }
        #expect(lock.isHeld)
    }

    @Test func aReleasedLockCanBeTakenAgain() throws {
        let dir = StoreTempDir()
        #expect(mkdir(dir.storePath, 0o700) == 0)
        let first = try StoreLock.acquire(storePath: dir.storePath, wait: false)
        first.release()

        let second = try StoreLock.acquire(storePath: dir.storePath, wait: false)

        #expect(second.isHeld)
        #expect(LockHolder.parse(String(decoding: fileBytes(dir.storePath + "/lock"), as: UTF8.self))?.pid == getpid())
    }

    @Test func aLockFileLeftByADeadProcessIsTakenOver() throws {
        let dir = StoreTempDir()
        #expect(mkdir(dir.storePath, 0o700) == 0)
        // What a SIGKILLed holder leaves: its text, but no flock (the kernel dropped it with the process).
        writeFileBytes(dir.storePath + "/lock", Array(LockHolder(pid: 999_999, host: "gone", started: 1).text.utf8))

        let lock = try StoreLock.acquire(storePath: dir.storePath, wait: false)

        #expect(lock.holder.pid == getpid())
        #expect(LockHolder.parse(String(decoding: fileBytes(dir.storePath + "/lock"), as: UTF8.self)) == lock.holder)
    }

    @Test func aWaitingAcquireGetsTheLockOnlyAfterTheHolderReleasesIt() throws {
        let dir = StoreTempDir()
        #expect(mkdir(dir.storePath, 0o700) == 0)
        let held = try StoreLock.acquire(storePath: dir.storePath, wait: false)
        let state = WaitState()
        let path = dir.storePath
        let done = DispatchSemaphore(value: 0)

        let thread = Thread {
            do {
                let lock = try StoreLock.acquire(storePath: path, wait: true)
                state.record(acquiredAfterRelease: state.released)
                lock.release()
            } catch {
                state.record(acquiredAfterRelease: false)
            }
            done.signal()
        }
        thread.start()
        state.released = true
        held.release()
        done.wait()

        #expect(state.outcome == true)
    }

    @Test func lockHolderTextRoundTrips() {
        let holder = LockHolder(pid: 4242, host: "batch-01.example", started: 1_767_225_600)
        #expect(holder.text == "pid 4242\nhost batch-01.example\nstarted 1767225600\n")
        #expect(LockHolder.parse(holder.text) == holder)
    }

    /// A state is created under its lock: while another holds the lock of a folder with no state
    /// yet, opening it is refused as locked and creates nothing.
    @Test func aNewStateIsCreatedUnderItsLock() throws {
        let dir = StoreTempDir()
        #expect(mkdir(dir.storePath, 0o700) == 0)
        let held = try StoreLock.acquire(storePath: dir.storePath, wait: false)

        do {
            _ = try StateAccess.openLocked(dir.storePath, dryRun: false, wait: false) {}
            Issue.record("a held lock was acquired twice")
        } catch let error as StoreError {
            guard case .locked = error else {
                Issue.record("expected locked, got \(error)")
                return
            }
        }
        #expect(!FileManager.default.fileExists(atPath: dir.storePath + "/" + StateAccess.sqliteFileName))
        held.release()

        let access = try StateAccess.openLocked(dir.storePath, dryRun: false, wait: false) {}
        #expect(try access.database.runs.head() == nil)
        // A first run's database is built beside the state's name, and only published takes it.
        let state = dir.storePath + "/" + StateAccess.sqliteFileName
        #expect(FileManager.default.fileExists(atPath: state + StateAccess.buildSuffix))
        #expect(!FileManager.default.fileExists(atPath: state))
        try access.publish()
        access.release()
        #expect(FileManager.default.fileExists(atPath: state))
        #expect(!FileManager.default.fileExists(atPath: state + StateAccess.buildSuffix))
        let reopened = try StateAccess.openExisting(dir.storePath)
        #expect(try reopened.database.runs.head() == nil)
    }

    @Test func aFirstRunThatDoesNotPublishLeavesNoState() throws {
        let dir = StoreTempDir()
        let access = try StateAccess.openLocked(dir.storePath, dryRun: false, wait: false) {}
        try access.database.transaction {
            try access.database.connection.execute(script: "CREATE TABLE scratch (x)", name: "scratch")
        }
        access.release()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.storePath) == ["lock"])
    }

    /// A folder an earlier build's store left (packs, snapshots, `FORMAT`) is refused as such, with exit 70.
    @Test func anEarlierBuildsStoreIsRefused() throws {
        let dir = StoreTempDir()
        #expect(mkdir(dir.storePath, 0o700) == 0)
        writeFileBytes(dir.storePath + "/FORMAT", Array("reconcile-store 5\n".utf8))
        do {
            _ = try StateAccess.openLocked(dir.storePath, dryRun: false, wait: false) {}
            Issue.record("an earlier build's store was opened")
        } catch {
            let failure = RunFailure(error)
            #expect(failure.exitStatus == .internalError)
            #expect(failure.message.contains("earlier build"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.storePath + "/lock"))
        #expect(!FileManager.default.fileExists(atPath: dir.storePath + "/" + StateAccess.sqliteFileName))
    }

    /// A folder that is neither empty nor a state is refused before anything is written in it.
    @Test func aForeignFolderIsRefusedWithoutALockFile() throws {
        let dir = StoreTempDir()
        #expect(mkdir(dir.storePath, 0o700) == 0)
        writeFileBytes(dir.storePath + "/notes.txt", Array("mine\n".utf8))

        #expect(throws: StoreError.notAStore(path: dir.storePath)) {
            _ = try StateAccess.openLocked(dir.storePath, dryRun: false, wait: false) {}
        }
        #expect(!FileManager.default.fileExists(atPath: dir.storePath + "/lock"))
    }

    /// On PostgreSQL the holder travels in the session's application_name (63 bytes at most, put in
    /// a SQL literal): it round-trips, and a host name is cut to safe characters and length.
    @Test func thePostgreSQLHolderNameRoundTripsAndStaysShortAndQuoteFree() {
        let holder = LockHolder(pid: 4242, host: "batch-01.example", started: 1_767_225_600)
        #expect(StateAccess.parseHolderName(StateAccess.holderName(holder)) == holder)
        let odd = StateAccess.holderName(
            LockHolder(pid: Int32.max, host: "it's a very long host name; DROP TABLE runs", started: Int64.max))
        #expect(odd.utf8.count <= 63)
        #expect(!odd.contains("'") && !odd.contains(";"))
        #expect(StateAccess.parseHolderName(odd)?.pid == Int32.max)
        #expect(StateAccess.parseHolderName("psql") == nil)
    }

    @Test(arguments: ["", "pid x\nhost h\nstarted 1\n", "pid 1\nstarted 1\n", "garbage"])
    func malformedLockTextHasNoHolder(text: String) {
        #expect(LockHolder.parse(text) == nil)
    }
}

private final class WaitState: @unchecked Sendable {
    private let lock = NSLock()
    private var _released = false
    private var _outcome: Bool?

    var released: Bool {
        get { lock.withLock { _released } }
        set { lock.withLock { _released = newValue } }
    }

    var outcome: Bool? { lock.withLock { _outcome } }

    func record(acquiredAfterRelease: Bool) { lock.withLock { _outcome = acquiredAfterRelease } }
}
