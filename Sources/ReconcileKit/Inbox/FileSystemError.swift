#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed file-system operation: what, on which path, and the system's reason.
struct FileSystemError: Error, Sendable, CustomStringConvertible {
    enum Code: String, Sendable {
        case notFound = "not found"
        case read = "cannot read"
        case write = "cannot write"
        case changed = "changed while being read"
    }

    let code: Code
    let path: String
    let errnoValue: Int32

    init(_ code: Code, path: String, errno: Int32) {
        self.code = code
        self.path = path
        self.errnoValue = errno
    }

    var description: String {
        let cause = errnoValue == 0 ? "" : ": \(String(cString: strerror(errnoValue)))"
        return "\(code.rawValue) '\(path)'\(cause)"
    }
}

/// Reads a whole file with plain `read(2)` calls into one buffer.
func readWholeFile(_ path: String) throws(FileSystemError) -> [UInt8] {
    // The scan saw a regular file; if it was since replaced by a FIFO or a symbolic link, do not
    // block on the FIFO (O_NONBLOCK) and do not follow the link out of the inbox (O_NOFOLLOW).
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW)
    guard fd >= 0 else { throw FileSystemError(errno == ENOENT ? .notFound : .read, path: path, errno: errno) }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw FileSystemError(.read, path: path, errno: errno) }
    guard (st.st_mode & S_IFMT) == S_IFREG else { throw FileSystemError(.changed, path: path, errno: 0) }
    var readError: Int32 = 0
    let bytes = [UInt8](unsafeUninitializedCapacity: Int(st.st_size)) { buffer, count in
        (count, readError) = readFully(fd, into: UnsafeMutableRawBufferPointer(buffer))
    }
    if readError != 0 { throw FileSystemError(.read, path: path, errno: readError) }
    if bytes.count != Int(st.st_size) { throw FileSystemError(.changed, path: path, errno: 0) }
    // A file that grew while being read is caught by the next run's hash; note it now.
    var after = stat()
    if fstat(fd, &after) == 0,
        after.st_size != st.st_size || after.st_mtim.tv_sec != st.st_mtim.tv_sec
            || after.st_mtim.tv_nsec != st.st_mtim.tv_nsec
    {
        throw FileSystemError(.changed, path: path, errno: 0)
    }
    return bytes
}
