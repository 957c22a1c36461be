#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations the store needs, on byte buffers and plain paths (no Foundation).
/// Files are written the way git and restic write objects: a temporary file in the destination
/// folder, full write, fsync, then rename over the final name. The caller fsyncs the folder.
enum StoreFiles {
    /// Prefix of every temporary file the store creates; `gc` removes leftovers with it.
    static let tempPrefix = "tmp-"

    static func errno_() -> Int32 { errno }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func size(_ path: String) throws(StoreError) -> Int64 {
        var st = stat()
        guard stat(path, &st) == 0 else { throw .io(operation: "stat", path: path, code: errno) }
        return Int64(st.st_size)
    }

    /// Creates the folder if missing (mode 0700: the store holds customer data).
    static func makeDirectory(_ path: String) throws(StoreError) {
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            throw .io(operation: "create folder", path: path, code: errno)
        }
    }

    static func openForReading(_ path: String) throws(StoreError) -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open", path: path, code: errno) }
        return fd
    }

    /// The whole file, or nil when it does not exist.
    static func contents(of path: String) throws(StoreError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .io(operation: "open", path: path, code: errno)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(operation: "stat", path: path, code: errno) }
        // Read into uninitialised memory (a 175 MB snapshot is not zeroed first); a file that grew
        // since the stat is read on in chunks.
        var failure: Int32 = 0
        var out = [UInt8](unsafeUninitializedCapacity: Int(st.st_size)) { buffer, count in
            (count, failure) = readFully(fd, into: UnsafeMutableRawBufferPointer(buffer))
        }
        var atEnd = out.count < Int(st.st_size)
        var chunk = [UInt8](repeating: 0, count: atEnd || failure != 0 ? 0 : 64 << 10)
        while failure == 0, !atEnd {
            let (n, error) = chunk.withUnsafeMutableBytes { readFully(fd, into: $0) }
            out.append(contentsOf: chunk[..<n])
            (failure, atEnd) = (error, n < chunk.count)
        }
        if failure != 0 { throw .io(operation: "read", path: path, code: failure) }
        return out
    }

    /// Reads exactly `count` bytes at `offset`; fewer means the file is shorter than expected.
    static func readExactly(fd: Int32, path: String, offset: UInt64, count: Int) throws(StoreError) -> [UInt8] {
        var failure: Int32 = 0
        let out = [UInt8](unsafeUninitializedCapacity: count) { buffer, filled in
            (filled, failure) = readFully(fd, into: UnsafeMutableRawBufferPointer(buffer), at: off_t(offset))
        }
        if failure != 0 { throw .io(operation: "read", path: path, code: failure) }
        if out.count < count {
            throw .corruptPack(path: path, reason: "file ends at byte \(offset + UInt64(out.count)), expected \(count - out.count) more")
        }
        return out
    }

    /// Writes `bytes` to a new temporary file in `folder`, fsyncs it and renames it to `finalName`.
    /// On error the temporary file is removed.
    static func writeAtomically(_ bytes: [UInt8], folder: String, finalName: String) throws(StoreError) {
        try writeAtomically(folder: folder, finalName: finalName) { write throws(StoreError) in try write(bytes) }
    }

    /// ``writeAtomically(_:folder:finalName:)`` of bytes that `produce` hands to its `write` in
    /// pieces, so a large file is never whole in memory.
    static func writeAtomically(folder: String, finalName: String,
                                produce: (_ write: ([UInt8]) throws(StoreError) -> Void) throws(StoreError) -> Void) throws(StoreError) {
        let temp = try writeTemporary(folder: folder, label: finalName, produce: produce)
        try move(temp, to: folder + "/" + finalName)
    }

    /// Writes and fsyncs a temporary file in `folder`; returns its path.
    static func writeTemporary(_ bytes: [UInt8], folder: String, label: String) throws(StoreError) -> String {
        try writeTemporary(folder: folder, label: label) { write throws(StoreError) in try write(bytes) }
    }

    private static func writeTemporary(folder: String, label: String,
                                       produce: (_ write: ([UInt8]) throws(StoreError) -> Void) throws(StoreError) -> Void) throws(StoreError) -> String {
        var template = Array((folder + "/" + tempPrefix + sanitized(label) + "-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard fd >= 0 else { throw .io(operation: "create temporary file in", path: folder, code: errno) }
        do throws(StoreError) {
            try produce { bytes throws(StoreError) in try writeAll(fd: fd, bytes: bytes, path: path) }
            guard FileIO.current.fsync(fd) == 0 else { throw .io(operation: "fsync", path: path, code: errno) }
            guard close(fd) == 0 else { throw .io(operation: "close", path: path, code: errno) }
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
        return path
    }

    static func move(_ from: String, to: String) throws(StoreError) {
        guard FileIO.current.rename(from, to) == 0 else {
            let code = errno
            unlink(from)
            throw .io(operation: "rename to", path: to, code: code)
        }
    }

    static func writeAll(fd: Int32, bytes: [UInt8], path: String) throws(StoreError) {
        var written = 0
        while written < bytes.count {
            let io = FileIO.current
            let n = bytes.withUnsafeBytes { io.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "write", path: path, code: errno)
            }
            written += n
        }
    }

    /// Makes a folder's entries (new names, renames, removals) durable.
    static func fsyncDirectory(_ path: String) throws(StoreError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open folder", path: path, code: errno) }
        defer { close(fd) }
        guard FileIO.current.fsync(fd) == 0 else { throw .io(operation: "fsync folder", path: path, code: errno) }
    }

    /// Entry names of a folder, without `.` and `..`, sorted by bytes; empty if it does not exist.
    static func list(_ path: String) throws(StoreError) -> [String] {
        guard let dir = opendir(path) else {
            if errno == ENOENT { return [] }
            throw .io(operation: "list folder", path: path, code: errno)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { $0.utf8Precedes($1) }
    }

    static func remove(_ path: String) throws(StoreError) {
        if unlink(path) != 0, errno != ENOENT { throw .io(operation: "remove", path: path, code: errno) }
    }

    private static func sanitized(_ label: String) -> String {
        String(label.prefix(16).map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
