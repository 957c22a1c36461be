#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a whole file with plain `read(2)` calls into one buffer: the one whole-file reader, of
/// the inbox's inputs and of the files the program wrote itself (the outbox, the metrics file).
///
/// A FIFO never blocks the read (`O_NONBLOCK`), and a file whose size or modification time moves
/// while it is read is reported as ``FileSystemError/Operation/changed``. With `scanned` (an inbox
/// file, which the scan saw as a regular file) a symbolic link is not followed, so a link planted
/// since cannot lead out of the inbox, and anything but a regular file found now also means the
/// file changed. Otherwise links are followed (a link the user made stands for its target) and
/// anything but a regular file cannot be read (`EISDIR`).
func readWholeFile(_ path: String, scanned: Bool = true) throws(FileSystemError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (scanned ? O_NOFOLLOW : 0))
    guard fd >= 0 else { throw FileSystemError(errno == ENOENT ? .notFound : .read, path: path, errno: errno) }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw FileSystemError(.read, path: path, errno: errno) }
    guard (st.st_mode & S_IFMT) == S_IFREG else {
        throw scanned
            ? FileSystemError(.changed, path: path, errno: 0) : FileSystemError(.read, path: path, errno: EISDIR)
    }
    var readError: Int32 = 0
    let bytes = [UInt8](unsafeUninitializedCapacity: Int(st.st_size)) { buffer, count in
        (count, readError) = readFully(fd, into: UnsafeMutableRawBufferPointer(buffer))
    }
    if readError != 0 { throw FileSystemError(.read, path: path, errno: readError) }
    if bytes.count != Int(st.st_size) { throw FileSystemError(.changed, path: path, errno: 0) }
    var after = stat()
    if fstat(fd, &after) == 0,
        after.st_size != st.st_size || after.st_mtim.tv_sec != st.st_mtim.tv_sec
            || after.st_mtim.tv_nsec != st.st_mtim.tv_nsec
    {
        throw FileSystemError(.changed, path: path, errno: 0)
    }
    return bytes
}

/// The whole content of a file the program wrote itself, or nil when there is no such file.
func readWholeFileIfExists(_ path: String) throws(FileSystemError) -> [UInt8]? {
    do {
        return try readWholeFile(path, scanned: false)
    } catch {
        guard error.operation == .notFound else { throw error }
        return nil
    }
}
