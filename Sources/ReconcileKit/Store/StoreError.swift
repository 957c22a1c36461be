#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a state store operation failed. Every case names the path (and the object id where there is
/// one); none carries record content.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed: `operation` is the verb ("open", "write", "rename"…), `code` the errno.
    case io(operation: String, path: String, code: Int32)
    /// The folder exists, is not empty and has no `FORMAT` file.
    case notAStore(path: String)
    /// `FORMAT` names a version this build does not know; `found` is the file's first line.
    case unsupportedFormat(path: String, found: String)
    /// An object's bytes do not hash to its name, or cannot be decompressed.
    case corruptObject(id: ObjectID, path: String, reason: String)
    /// A pack or pack index is damaged in a way that stops it from being read.
    case corruptPack(path: String, reason: String)
    /// No committed object has this id.
    case missingObject(id: ObjectID)
    /// The object exists but is not a valid root.
    case invalidRoot(id: ObjectID, path: String, reason: String)
    /// `HEAD` exists but does not hold one object id.
    case invalidHead(path: String, reason: String)
    /// The transaction was built on `expected` but the head is now `found`.
    case headMoved(expected: ObjectID?, found: ObjectID?)
    /// Another process holds the store's lock; `holder` is what it wrote in the lock file, if readable.
    case locked(path: String, holder: LockHolder?)
    /// A crash hook stopped the commit at this point (tests simulate a kill this way).
    case stopped(at: CrashPoint)

    public var description: String {
        switch self {
        case .io(let operation, let path, let code):
            "cannot \(operation) '\(path)': \(String(cString: strerror(code)))"
        case .notAStore(let path):
            "'\(path)' is not a reconcile state store (no FORMAT file and not empty)"
        case .unsupportedFormat(let path, let found):
            "unsupported state store format '\(found)' in '\(path)' (this build reads '\(StoreFormat.magic) \(StoreFormat.supported.sorted().map(String.init).joined(separator: "', '\(StoreFormat.magic) "))')"
        case .corruptObject(let id, let path, let reason):
            "corrupt object \(id) in '\(path)': \(reason)"
        case .corruptPack(let path, let reason):
            "corrupt pack '\(path)': \(reason)"
        case .missingObject(let id):
            "object \(id) is not in the state store"
        case .invalidRoot(let id, let path, let reason):
            "object \(id) in '\(path)' is not a valid root: \(reason)"
        case .invalidHead(let path, let reason):
            "invalid head '\(path)': \(reason)"
        case .headMoved(let expected, let found):
            "head moved during the run: expected \(expected?.short ?? "(none)"), found \(found?.short ?? "(none)")"
        case .locked(let path, let holder):
            if let holder {
                "state store is locked by \(holder) ('\(path)')"
            } else {
                "state store is locked by another process ('\(path)')"
            }
        case .stopped(let point):
            "commit stopped at crash point '\(point.rawValue)'"
        }
    }
}
