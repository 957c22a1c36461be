#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Many files replaced together, with one durability barrier instead of one fsync per file.
///
/// ``AtomicFile/write(_:to:)`` makes each file durable on its own: temporary file, fsync, rename,
/// fsync of the folder. Thousands of statements then cost thousands of journal flushes. A batch
/// keeps the same guarantee with one flush for all of them:
///
/// 1. ``stage(_:to:)`` writes each file's bytes to a hidden temporary file in its destination
///    folder (the same names as ``AtomicFile``) and closes it. No final name is touched yet. The
///    first file staged in a folder clears it of the temporary files a killed process left.
/// 2. ``commit()`` makes every temporary file durable at once: one `syncfs` per file system the
///    files live on (normally one). Where the system has no `syncfs` (ENOSYS, or the file system
///    refuses it) every temporary file is fsynced instead. Any other failure of the barrier fails
///    the commit: the data may not be on disk, so nothing is renamed.
/// 3. Then the renames, in staging order, and one fsync per folder that received a file.
///
/// So a final name only ever holds complete, durable bytes (the old file or the new one), exactly
/// as with ``AtomicFile``. When staging or committing fails, ``discard()`` removes the temporary
/// files not yet renamed; files already renamed are complete. Every `write`, `fsync`, `syncfs`
/// and `rename` goes through ``FileIO/current``, so fault-injection tests reach each of them. A
/// large file can be staged while it is rendered, in chunks (``stageIfChanged(to:render:)``).
struct AtomicBatch {
    struct Staged {
        let temporary: String
        let path: String
        let folder: String
    }

    private(set) var staged: [Staged] = []
    /// How many of `staged` are renamed into place.
    private(set) var renamed = 0
    /// Folders already cleared of abandoned temporary files.
    private var swept = Set<String>()

    init() {}

    /// Paths staged so far, in order.
    var paths: [String] { staged.map(\.path) }

    /// Writes `bytes` to a temporary file beside `path`; ``commit()`` puts it in place. Missing
    /// folders are created (and made durable) now.
    mutating func stage(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        let (temp, folder) = try AtomicFile.writeTemporary(bytes, for: path, sync: false)
        append(Staged(temporary: temp, path: path, folder: folder))
    }

    /// Records a staged file. The first time a folder receives one, the temporary files a killed
    /// run left there are removed (``AtomicFile/removeAbandonedTemporaries(in:)``).
    private mutating func append(_ file: Staged) {
        staged.append(file)
        if swept.insert(file.folder).inserted { AtomicFile.removeAbandonedTemporaries(in: file.folder) }
    }

    /// Stages `bytes` unless `path` already holds exactly these bytes, in which case nothing is
    /// touched (inode and modification time stay as they were).
    @discardableResult
    mutating func stageIfChanged(_ bytes: [UInt8], to path: String) throws(FileSystemError) -> WriteOutcome {
        if let existing = try readWholeFileIfExists(path), existing == bytes { return .unchanged }
        try stage(bytes, to: path)
        return .written
    }

    /// Stages what `render` writes, unless `path` already holds exactly those bytes. The bytes go
    /// to the temporary file in chunks while `render` runs (see ``ByteOutput``), so a large file is
    /// never held in memory whole. Only when `path` already exists (the same run rendered again)
    /// are the bytes gathered whole and compared with it, as ``stageIfChanged(_:to:)`` does.
    @discardableResult
    mutating func stageIfChanged(to path: String, render: (inout ByteOutput) -> Void) throws(FileSystemError)
        -> WriteOutcome
    {
        if let existing = try readWholeFileIfExists(path) {
            var output = ByteOutput()
            render(&output)
            if output.bytes == existing { return .unchanged }
            try stage(output.bytes, to: path)
            return .written
        }
        let drain = TemporaryFileDrain(try TemporaryFile(for: path))
        var output = ByteOutput(drain: drain)
        render(&output)
        output.finish()
        if let error = drain.error {
            drain.file.abandon()
            throw error
        }
        try drain.file.close(sync: false)
        append(Staged(temporary: drain.file.path, path: path, folder: drain.file.folder))
        return .written
    }

    /// The barrier, the renames in staging order, then one fsync per folder. On failure the
    /// temporary files not yet renamed are removed and the error is thrown.
    mutating func commit() throws(FileSystemError) {
        do throws(FileSystemError) {
            try barrier()
            while renamed < staged.count {
                let file = staged[renamed]
                guard FileIO.current.rename(file.temporary, file.path) == 0 else {
                    throw FileSystemError(.rename, path: file.path, errno: errno)
                }
                renamed += 1
            }
            for folder in folders { try AtomicFile.syncDirectory(folder) }
        } catch {
            discard()
            throw error
        }
    }

    /// Removes the temporary files not renamed yet. Safe to call more than once.
    mutating func discard() {
        for file in staged[renamed...] { unlink(file.temporary) }
        staged.removeSubrange(renamed...)
    }

    /// Folders that receive a file, in order of first use.
    var folders: [String] {
        var seen = Set<String>()
        return staged.map(\.folder).filter { seen.insert($0).inserted }
    }

    /// Makes every staged temporary file durable: `syncfs` once per file system, or fsync of each
    /// file where `syncfs` is not available.
    func barrier() throws(FileSystemError) {
        guard renamed < staged.count else { return }
        var devices = Set<UInt64>()
        for folder in folders {
            var info = stat()
            guard stat(folder, &info) == 0 else { throw FileSystemError(.sync, path: folder, errno: errno) }
            guard devices.insert(UInt64(info.st_dev)).inserted else { continue }
            let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else { throw FileSystemError(.sync, path: folder, errno: errno) }
            let result = FileIO.current.syncfs(fd)
            let e = errno
            close(fd)
            if result == 0 { continue }
            guard Self.meansUnsupported(e) else { throw FileSystemError(.sync, path: folder, errno: e) }
            try fsyncEach(onDevice: UInt64(info.st_dev))
        }
    }

    /// ENOSYS (no such call) or a file system that refuses it; not a write error.
    static func meansUnsupported(_ code: Int32) -> Bool {
        code == ENOSYS || code == EINVAL || code == ENOTSUP || code == EOPNOTSUPP
    }

    /// The fallback barrier: fsync of every staged, unrenamed temporary file on `device`.
    func fsyncEach(onDevice device: UInt64) throws(FileSystemError) {
        for file in staged[renamed...] {
            let fd = open(file.temporary, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw FileSystemError(.sync, path: file.temporary, errno: errno) }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw FileSystemError(.sync, path: file.temporary, errno: errno) }
            guard UInt64(info.st_dev) == device else { continue }
            guard FileIO.current.fsync(fd) == 0 else {
                throw FileSystemError(.sync, path: file.temporary, errno: errno)
            }
        }
    }
}
