#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the state's folder or its lock failed. Every case names the path; none carries record content.
enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed: `operation` is the verb ("open", "write", "rename"…), `code` the errno.
    case io(operation: String, path: String, code: Int32)
    /// The folder exists and holds something other than a state.
    case notAStore(path: String)
    /// Another process holds the state's lock; `holder` is what it wrote in the lock file, if readable.
    case locked(path: String, holder: LockHolder?)

    var description: String {
        switch self {
        case .io(let operation, let path, let code):
            "cannot \(operation) '\(path)': \(String(cString: strerror(code)))"
        case .notAStore(let path):
            "'\(path)' is not a reconcile state folder (it holds other files)"
        case .locked(let path, let holder):
            if let holder {
                "state store is locked by \(holder) ('\(path)')"
            } else {
                "state store is locked by another process ('\(path)')"
            }
        }
    }
}
