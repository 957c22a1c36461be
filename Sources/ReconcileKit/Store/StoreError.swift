/// Why the state's folder or its lock failed. Every case names the path; none carries record content.
enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file-system call failed: the failure is the cause.
    case io(FileSystemError)
    /// The folder exists and holds something other than a state.
    case notAStore(path: String)
    /// Another process holds the state's lock; `holder` is what it wrote in the lock file, if readable.
    case locked(path: String, holder: LockHolder?)

    var description: String {
        switch self {
        case .io(let cause):
            cause.description
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
