#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A new, hidden temporary file beside its destination (``AtomicFile/temporaryName(for:)``), open
/// for writing. The bytes go in with ``write(_:)``, once or in many chunks; ``close(sync:)`` ends
/// it, ``abandon()`` removes it. Every `write` and `fsync` goes through ``FileIO/current``.
struct TemporaryFile {
    /// The temporary file's path and the destination's folder.
    let path: String
    let folder: String
    private let fd: Int32

    /// Creates the temporary file for `destination`; missing folders are created (and made durable).
    init(for destination: String) throws(FileSystemError) {
        let (folder, name) = AtomicFile.split(destination)
        try AtomicFile.createDirectories(folder)
        let temp = folder + "/" + AtomicFile.temporaryName(for: name)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileSystemError(.createTemporary, path: temp, errno: errno) }
        self.path = temp
        self.folder = folder
        self.fd = fd
    }

    /// Appends `bytes`; a short write is continued, an interrupted one retried.
    func write(_ bytes: UnsafeRawBufferPointer) throws(FileSystemError) {
        var offset = 0
        while offset < bytes.count {
            let n = FileIO.current.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(.write, path: path, errno: errno)
            }
            offset += n
        }
    }

    func write(_ bytes: [UInt8]) throws(FileSystemError) {
        try bytes.withUnsafeBytes { buffer in Result { () throws(FileSystemError) in try write(buffer) } }.get()
    }

    /// Fsyncs the file when `sync` (a batch syncs the file system once instead) and closes it. On
    /// failure the file is removed.
    func close(sync: Bool) throws(FileSystemError) {
        if sync, FileIO.current.fsync(fd) != 0 {
            let e = errno
            abandon()
            throw FileSystemError(.sync, path: path, errno: e)
        }
        guard systemClose(fd) == 0 else {
            let e = errno
            unlink(path)
            throw FileSystemError(.write, path: path, errno: e)
        }
    }

    /// Closes and removes the file.
    func abandon() {
        _ = systemClose(fd)
        unlink(path)
    }
}

/// The C `close`, out of reach of ``TemporaryFile/close(sync:)`` inside the struct.
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
