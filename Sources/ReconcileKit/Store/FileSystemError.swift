#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed file-system operation, of the inbox, the state's folder or the outbox: what was
/// attempted, on which path, the system's reason (`errno`, 0 when there is none) and where in the
/// source it was raised. The message names the operation, the path and the reason, e.g.
/// `cannot rename into '<outbox>/runs/latest': Is a directory`; never a file's content.
/// Two errors are equal when operation, path and errno are: where they were raised is for logs.
package struct FileSystemError: Error, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    enum Operation: String, Sendable {
        case notFound = "not found"
        case read = "cannot read"
        /// The file is not the regular file of the same size and time it was when reading began.
        case changed = "changed while being read"
        case write = "cannot write"
        case createDirectory = "cannot create folder"
        case listDirectory = "cannot list folder"
        case createTemporary = "cannot create temporary file"
        case open = "cannot open"
        case lock = "cannot lock"
        case sync = "cannot fsync"
        case rename = "cannot rename into"
        case syncDirectory = "cannot fsync folder"
    }

    let operation: Operation
    let path: String
    /// The `errno` of the failed call; 0 when the failure is not a system call's.
    let code: Int32
    /// Where the error was raised: `#fileID:#line`.
    let place: String

    init(
        _ operation: Operation, path: String, errno code: Int32, fileID: StaticString = #fileID, line: UInt = #line
    ) {
        self.operation = operation
        self.path = path
        self.code = code
        self.place = "\(fileID):\(line)"
    }

    /// The system's text for ``code`` ("No such file or directory"), empty when there is none.
    var reason: String { code == 0 ? "" : String(cString: strerror(code)) }

    package var description: String { "\(operation.rawValue) '\(path)'\(code == 0 ? "" : ": \(reason)")" }

    package var debugDescription: String { "\(description) (raised at \(place))" }

    package static func == (a: FileSystemError, b: FileSystemError) -> Bool {
        a.operation == b.operation && a.path == b.path && a.code == b.code
    }
}
