import Foundation
import Testing

@testable import ReconcileKit

/// `RunFailure.init(_:)` is the one place an error becomes an exit code (SPEC §8: 64 usage, 73
/// cannot write the outbox or the state, 75 locked, 70 internal); `run` and every inspection
/// command end through it.
@Suite struct ExitCodeMappingTests {
    struct Unexpected: Error, CustomStringConvertible {
        var description: String { "something unforeseen" }
    }

    static func database(_ kind: DatabaseError.Kind, _ engine: DatabaseEngine = .sqlite, code: String = "")
        -> DatabaseError
    {
        DatabaseError(kind: kind, engine: engine, statement: "insert objects", code: code, message: "failed")
    }

    static let diskFull = FileSystemError(.write, path: "/o/statements/x.csv", errno: ENOSPC)

    /// Each kind of error a command can end with, and its code.
    static let table: [(error: any Error, status: ReconcileKit.ExitStatus)] = [
        (RunFailure(.usage, "no state at '/s': run `reconcile run` first"), .usage),
        (RunFailure(.attention, "passed through as it is"), .attention),
        (StoreError.locked(path: "/s/lock", holder: LockHolder(pid: 7, host: "h", started: 0)), .locked),
        (StoreError.locked(path: "/s/lock", holder: nil), .locked),
        (StoreError.io(FileSystemError(.open, path: "/s/lock", errno: EACCES)), .cannotWrite),
        (StoreError.notAStore(path: "/s"), .usage),
        (diskFull, .cannotWrite),
        (FileSystemError(.rename, path: "/o/runs/latest", errno: EISDIR), .cannotWrite),
        (FileSystemError(.syncDirectory, path: "/o/runs", errno: EIO), .cannotWrite),
        (FileSystemError(.notFound, path: "/inbox", errno: ENOENT), .usage),
        (OutboxError.file(diskFull), .cannotWrite),
        (OutboxError.duplicateStatement(tenant: TenantID("tnt_a"), month: "2026-09"), .cannotWrite),
        (database(.busy), .locked),
        (database(.connection, .postgresql), .cannotWrite),
        (database(.serializationFailure, .postgresql, code: "40001"), .locked),
        (database(.invalidConnectionString, .postgresql), .usage),
        (database(.schemaTooOld), .usage),
        (database(.other, code: "13"), .cannotWrite),
        (database(.other, code: "778"), .cannotWrite),
        (database(.other, .postgresql, code: "53100"), .cannotWrite),
        (database(.other, code: "1"), .internalError),
        (database(.schemaTooNew), .internalError),
        (StateError(.damagedObject, table: "objects", key: "ab12", reason: "hash differs"), .internalError),
        (Unexpected(), .internalError),
    ]

    @Test func everyKindOfErrorHasItsExitCode() {
        for (error, status) in Self.table {
            let failure = RunFailure(error)
            #expect(failure.exitStatus == status, "\(error)")
            #expect(failure.message.contains("\(error)"), "the message keeps the error's own: \(failure.message)")
        }
    }

    @Test func anExplainedFailureKeepsTheCodeAndPutsTheMessageInContext() {
        let missing = FileSystemError(.notFound, path: "/inbox", errno: ENOENT)
        let failure = RunFailure(missing) { "cannot scan inbox: \($0)" }
        #expect(failure.exitStatus == .usage)
        #expect(failure.message == "cannot scan inbox: not found '/inbox': \(String(cString: strerror(ENOENT)))")
        let late = RunFailure(OutboxError.file(Self.diskFull)) { "state committed, but: \($0)" }
        #expect(late.exitStatus == .cannotWrite)
        #expect(late.message == "state committed, but: \(Self.diskFull)")
    }
}
