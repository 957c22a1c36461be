#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a conditional write did.
enum WriteOutcome: String, Sendable, Equatable {
    /// The file was created or replaced.
    case written
    /// The file already held exactly these bytes and was left alone (same inode, same mtime).
    case unchanged
}

/// Crash-safe file replacement, in the manner of git's and restic's object writers: the one
/// atomic writer of the outbox, the metrics file and the state's first database.
///
/// `write` puts the bytes in a hidden, unique temporary file in the destination's folder, fsyncs
/// it, renames it over the destination and fsyncs the folder (``moveIntoPlace(_:as:)``). A reader
/// sees either the old file or the new one, never a partial one, and after a power loss the rename
/// is durable. Temporary names start with `.` and end with `.tmp`, so the inbox scanner and most
/// sync tools ignore them. ``AtomicBatch`` does the same for many files with one barrier.
enum AtomicFile {
    /// Replaces (or creates) `path` with `bytes` atomically. Missing folders are created.
    static func write(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        let (temp, _) = try writeTemporary(bytes, for: path, sync: true)
        try moveIntoPlace(temp, as: path)
    }

    /// The end of every atomic write: renames the complete, durable file `temporary` over `path`
    /// in the same folder and fsyncs the folder. When the rename fails, `temporary` is removed;
    /// when the folder's fsync fails (``FileSystemError/Operation/syncDirectory``), `path` already
    /// holds the new file.
    static func moveIntoPlace(_ temporary: String, as path: String) throws(FileSystemError) {
        guard FileIO.current.rename(temporary, path) == 0 else {
            let e = errno
            unlink(temporary)
            throw FileSystemError(.rename, path: path, errno: e)
        }
        try syncDirectory(split(path).folder)
    }

    /// Fsyncs the file at `path`: a file written by other means (a database) before it is moved
    /// into place.
    static func sync(_ path: String) throws(FileSystemError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemError(.sync, path: path, errno: errno) }
        defer { close(fd) }
        guard FileIO.current.fsync(fd) == 0 else { throw FileSystemError(.sync, path: path, errno: errno) }
    }

    /// Writes `bytes` to a new temporary file beside `path` (missing folders are created), fsynced
    /// when `sync` (a batch syncs the file system once instead), and closes it. On any failure the
    /// temporary file is removed. Returns its path and the folder.
    static func writeTemporary(_ bytes: [UInt8], for path: String, sync: Bool) throws(FileSystemError) -> (
        temporary: String, folder: String
    ) {
        let file = try TemporaryFile(for: path)
        do throws(FileSystemError) {
            try file.write(bytes)
        } catch {
            file.abandon()
            throw error
        }
        try file.close(sync: sync)
        return (file.path, file.folder)
    }

    /// Writes `bytes` to `path` unless the file already holds exactly these bytes, in which case
    /// nothing is touched (inode and modification time stay as they were).
    @discardableResult
    static func writeIfChanged(_ bytes: [UInt8], to path: String) throws(FileSystemError) -> WriteOutcome {
        if let existing = try readWholeFileIfExists(path), existing == bytes { return .unchanged }
        try write(bytes, to: path)
        return .written
    }

    /// Makes `path` a symbolic link to `target`, replacing whatever link was there atomically: a
    /// temporary link is created beside it and renamed over it, so `path` always resolves to the
    /// old or the new target, never to nothing. `target` is stored as given (use a relative target
    /// so the folder can be moved). A real file or folder at `path` is not replaced: rename fails.
    static func replaceSymlink(at path: String, pointingTo target: String) throws(FileSystemError) {
        let (folder, name) = split(path)
        try createDirectories(folder)
        let temp = folder + "/" + temporaryName(for: name)
        guard symlink(target, temp) == 0 else { throw FileSystemError(.createTemporary, path: temp, errno: errno) }
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            unlink(temp)
            throw FileSystemError(.rename, path: path, errno: EISDIR)
        }
        try moveIntoPlace(temp, as: path)
    }

    /// `mkdir -p`: creates every missing folder of `path`, fsyncing the parent of each new one so
    /// the new entry survives a power loss.
    static func createDirectories(_ path: String) throws(FileSystemError) {
        if path.isEmpty || isDirectory(path) { return }
        let (parent, _) = split(path)
        if parent != path { try createDirectories(parent) }
        if mkdir(path, 0o755) != 0 {
            let e = errno
            if e == EEXIST, isDirectory(path) { return }
            throw FileSystemError(.createDirectory, path: path, errno: e)
        }
        try syncDirectory(parent)
    }

    // MARK: - Helpers

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Folder and last component; a bare name lives in ".".
    static func split(_ path: String) -> (folder: String, name: String) {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return (".", String(trimmed)) }
        let folder = slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
        return (folder, String(trimmed[trimmed.index(after: slash)...]))
    }

    static func temporaryName(for name: String) -> String {
        let nonce = UInt64.random(in: 0...UInt64.max)
        let hex = String(nonce, radix: 16)
        return ".\(name).\(getpid())-\(String(repeating: "0", count: 16 - hex.count))\(hex).tmp"
    }

    /// Removes the temporary files in `folder` (``temporaryName(for:)``) whose writer is no longer
    /// running: what a killed run left. A live process's files, this one's included, stay.
    /// Best effort: a folder that cannot be listed, or a file already gone, is left alone.
    static func removeAbandonedTemporaries(in folder: String) {
        guard let dir = opendir(folder) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = writer(ofTemporary: name), pid != getpid(), kill(pid, 0) == -1, errno == ESRCH else {
                continue
            }
            unlink(folder + "/" + name)
        }
    }

    /// The process id in a name ``temporaryName(for:)`` made (`.<name>.<pid>-<16 hex>.tmp`), else nil.
    static func writer(ofTemporary name: String) -> pid_t? {
        guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return nil }
        let stem = name.dropLast(4)
        guard let dot = stem.lastIndex(of: ".") else { return nil }
        let parts = stem[stem.index(after: dot)...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 16, UInt64(parts[1], radix: 16) != nil,
            let pid = pid_t(parts[0]), pid > 0
        else { return nil }
        return pid
    }

    /// Makes the entries of folder `path` durable (a rename into it, a new file or folder): the
    /// last step of every atomic write, of the outbox and of the state alike.
    ///
    /// EINVAL and ENOTSUP are not failures: they say the file system cannot fsync a folder at all
    /// (some network and FUSE file systems), not that a write was lost. The rename has happened
    /// either way, and such a file system orders its metadata itself; failing every run on it
    /// would make it unusable for no gain. Any other error (EIO, ENOSPC…) fails the write.
    static func syncDirectory(_ path: String) throws(FileSystemError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemError(.syncDirectory, path: path, errno: errno) }
        defer { close(fd) }
        if FileIO.current.fsync(fd) != 0, errno != EINVAL, errno != ENOTSUP {
            throw FileSystemError(.syncDirectory, path: path, errno: errno)
        }
    }
}
