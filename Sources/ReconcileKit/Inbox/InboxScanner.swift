#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lists the inbox as SPEC §2 says: recursive, in byte order of relative path, hidden and temporary
/// names left out, recently modified files deferred, symbolic links never followed out of the inbox.
struct InboxScanner: Sendable {
    static let temporarySuffixes = [".tmp", ".part", ".partial", ".crdownload", "~"]

    let root: String
    let settleSeconds: Int64
    /// The wall clock, for the settle check (not `--as-of`, which only names the report time).
    let now: Int64

    init(root: String, settleSeconds: Int64, now: Int64) {
        self.root = root
        self.settleSeconds = settleSeconds
        self.now = now
    }

    static func isInputName(_ name: String) -> Bool {
        !name.hasPrefix(".") && !temporarySuffixes.contains { name.hasSuffix($0) }
    }

    func scan() throws(FileSystemError) -> InboxScan {
        guard let realRoot = realPath(root) else { throw FileSystemError(.notFound, path: root, errno: errno) }
        var result = InboxScan()
        result.scannedAt = now
        walk(directory: realRoot, relative: "", realRoot: realRoot, into: &result)
        result.files.sort { $0.relativePath.utf8Precedes($1.relativePath) }
        return result
    }

    private func walk(directory: String, relative: String, realRoot: String, into result: inout InboxScan) {
        guard let dir = opendir(directory) else {
            result.skipped.append(
                .unreadable(relativePath: relative.isEmpty ? "." : relative, reason: String(cString: strerror(errno))))
            return
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { ptr in
                ptr.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." || !Self.isInputName(name) { continue }
            names.append(name)
        }
        for name in names {
            let path = directory + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0 else {
                result.skipped.append(.unreadable(relativePath: rel, reason: String(cString: strerror(errno))))
                continue
            }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                walk(directory: path, relative: rel, realRoot: realRoot, into: &result)
            case S_IFREG:
                add(path: path, relative: rel, stat: st, into: &result)
            case S_IFLNK:
                var target = stat()
                guard let resolved = realPath(path), resolved.hasPrefix(realRoot + "/"),
                    stat(resolved, &target) == 0, target.st_mode & S_IFMT == S_IFREG
                else {
                    result.skipped.append(.linkNotFollowed(relativePath: rel))
                    continue
                }
                add(path: resolved, relative: rel, stat: target, into: &result)
            default:
                result.skipped.append(.unreadable(relativePath: rel, reason: "not a regular file"))
            }
        }
    }

    private func add(path: String, relative: String, stat st: stat, into result: inout InboxScan) {
        let stamp = FileStamp(st)
        let age = now - Int64(st.st_mtim.tv_sec)
        if age < settleSeconds {
            result.skipped.append(.deferred(relativePath: relative, ageSeconds: max(age, 0)))
            return
        }
        result.files.append(InboxFile(relativePath: relative, absolutePath: path, stamp: stamp))
    }
}

func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}
