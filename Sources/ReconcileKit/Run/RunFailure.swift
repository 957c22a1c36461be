#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Exit codes of SPEC §8.
package enum ExitStatus: Int32, Sendable {
    case clean = 0
    case attention = 1
    case usage = 64
    case internalError = 70
    case cannotWrite = 73
    case locked = 75
}

/// A run that could not complete: nothing was committed. The message names the path and cause.
package struct RunFailure: Error, Sendable, CustomStringConvertible {
    package let exitStatus: ExitStatus
    let message: String

    init(_ exitStatus: ExitStatus, _ message: String) {
        self.exitStatus = exitStatus
        self.message = message
    }

    package var description: String { message }
}

extension RunFailure {
    /// Any error of a command as its exit status and message (SPEC §8): the one place errors are
    /// mapped to exit codes. 75 locked; 73 cannot write the outbox or the state (a full disk, a
    /// server not reached); 64 a usage error (a folder that is no state, a path given that is not
    /// there, a malformed state URL); 70 for the rest (a damaged state, an internal error).
    init(_ error: any Error) {
        switch error {
        case let failure as RunFailure:
            self = failure
        case let error as StoreError:
            switch error {
            case .locked: self.init(.locked, error.description)
            case .io(let cause): self.init(cause)
            case .notAStore: self.init(.usage, error.description)
            }
        case let error as FileSystemError:
            self.init(error.operation == .notFound ? .usage : .cannotWrite, error.description)
        case let error as OutboxError:
            self.init(.cannotWrite, error.description)
        case let error as DatabaseError:
            switch error.kind {
            case .busy: self.init(.locked, "the state is locked by another process: \(error)")
            case .connection: self.init(.cannotWrite, "the state database cannot be reached: \(error)")
            case .serializationFailure:
                self.init(
                    .locked,
                    "the state database aborted a transaction that conflicted with another (nothing was committed; run again): \(error)"
                )
            case .invalidConnectionString: self.init(.usage, "the state URL is malformed: \(error)")
            case .schemaTooOld: self.init(.usage, "state database: \(error)")
            case _ where error.cannotWrite:
                self.init(.cannotWrite, "the state database cannot be written: \(error)")
            default: self.init(.internalError, "state database: \(error)")
            }
        case let error as StateError:
            self.init(.internalError, "state: \(error)")
        default:
            self.init(.internalError, "internal error: \(error)")
        }
    }

    /// `error` mapped as ``init(_:)`` maps it, its message put in context by `explain` (what was
    /// being done, whether anything was committed).
    init(_ error: any Error, explained explain: (String) -> String) {
        let mapped = RunFailure(error)
        self.init(mapped.exitStatus, explain(mapped.message))
    }
}

extension DatabaseError {
    /// The engine could not write: SQLite's SQLITE_IOERR or SQLITE_FULL (any extended code),
    /// PostgreSQL's class 53 (insufficient resources: disk full, out of memory).
    var cannotWrite: Bool {
        switch engine {
        case .sqlite: Int(code).map { [10, 13].contains($0 & 0xFF) } ?? false
        case .postgresql: code.hasPrefix("53")
        }
    }
}
