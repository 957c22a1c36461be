#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file-system call of ``AtomicFile`` failed. Names the operation, the path and the system's
/// error text, e.g. `cannot rename into "outbox/runs/latest": Is a directory`.
package struct AtomicFileError: Error, Equatable, CustomStringConvertible {
    enum Operation: String, Sendable {
        case createDirectory = "create folder"
        case createTemporary = "create temporary file"
        case write = "write"
        case sync = "fsync"
        case rename = "rename into"
        case syncDirectory = "fsync folder"
        case read = "read"
    }

    let operation: Operation
    let path: String
    /// The `errno` value of the failed call.
    let code: Int32

    init(_ operation: Operation, path: String, errno code: Int32) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    /// The system's text for ``code`` ("No such file or directory").
    var reason: String { String(cString: strerror(code)) }

    package var description: String { "cannot \(operation.rawValue) \"\(path)\": \(reason)" }
}
