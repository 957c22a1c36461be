#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few POSIX folder operations the state's folder needs (no Foundation).
enum StoreFiles {
    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Creates the folder if missing (mode 0700: the store holds customer data).
    static func makeDirectory(_ path: String) throws(StoreError) {
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            throw .io(FileSystemError(.createDirectory, path: path, errno: errno))
        }
    }

    /// Entry names of a folder, without `.` and `..`, sorted by bytes; empty if it does not exist.
    static func list(_ path: String) throws(StoreError) -> [String] {
        guard let dir = opendir(path) else {
            if errno == ENOENT { return [] }
            throw .io(FileSystemError(.listDirectory, path: path, errno: errno))
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
}
