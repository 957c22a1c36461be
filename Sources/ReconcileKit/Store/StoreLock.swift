#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who holds a store's lock, as written in the `lock` file:
///
/// ```
/// pid 4242
/// host batch-01
/// started 1767225600
/// ```
struct LockHolder: Equatable, Sendable, CustomStringConvertible {
    var pid: Int32
    var host: String
    /// Unix seconds.
    var started: Int64

    init(pid: Int32, host: String, started: Int64) {
        self.pid = pid
        self.host = host
        self.started = started
    }

    /// The holder of this process, now.
    static func current(started: Int64 = Int64(time(nil))) -> LockHolder {
        var name = [CChar](repeating: 0, count: 256)
        let host =
            gethostname(&name, name.count - 1) == 0
            ? String(decoding: name.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : "unknown"
        return LockHolder(pid: getpid(), host: host, started: started)
    }

    var text: String { "pid \(pid)\nhost \(host)\nstarted \(started)\n" }

    /// Parses the lock file's text; nil if any of the three lines is missing or malformed.
    static func parse(_ text: String) -> LockHolder? {
        var pid: Int32?
        var host: String?
        var started: Int64?
        for line in text.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            let key = line[..<space]
            let value = String(line[line.index(after: space)...])
            switch key {
            case "pid": pid = Int32(value)
            case "host": host = value
            case "started": started = Int64(value)
            default: continue
            }
        }
        guard let pid, let host, let started else { return nil }
        return LockHolder(pid: pid, host: host, started: started)
    }

    var description: String { "pid \(pid) on host \(host), started \(Self.utcText(started))" }

    /// `2026-01-01T00:00:00Z`.
    static func utcText(_ seconds: Int64) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ n: Int32, _ width: Int = 2) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T"
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))Z"
    }
}

/// An exclusive lock on one store: `flock(LOCK_EX)` on `<store>/lock`, which then holds the holder's
/// pid, host and start time as text for the message of whoever is refused.
///
/// Stale locks: the lock is the `flock`, not the file. The kernel drops it when the holder's file
/// descriptor closes, which includes the holder dying in any way (SIGKILL, crash, power loss: after
/// a reboot nobody holds it). So a lock file left by a dead process is taken over by the next
/// `acquire`, which overwrites the holder text; there is no pid-liveness guessing and no race
/// between "is it stale?" and "take it". (`flock` is not reliable on some network file systems;
/// keep the store on a local disk.)
///
/// `flock` locks belong to an open file description, so two `StoreLock`s of the same store in one
/// process exclude each other just as two processes do. Release with ``release()``; the lock is also
/// released when the value is deinitialised.
final class StoreLock {
    let path: String
    let holder: LockHolder
    private var fd: Int32

    /// Takes the lock of the store at `storePath`. Without `wait`, a held lock fails at once with
    /// ``StoreError/locked(path:holder:)``; with `wait`, blocks until the holder releases it.
    static func acquire(storePath: String, wait: Bool, holder: LockHolder = .current()) throws(StoreError) -> StoreLock
    {
        let path = storePath + "/lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(FileSystemError(.open, path: path, errno: errno)) }
        while flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK {
                let holderText = readText(fd: fd)
                close(fd)
                throw .locked(path: path, holder: LockHolder.parse(holderText))
            }
            close(fd)
            throw .io(FileSystemError(.lock, path: path, errno: code))
        }
        do throws(StoreError) {
            guard ftruncate(fd, 0) == 0 else { throw .io(FileSystemError(.write, path: path, errno: errno)) }
            let bytes = Array(holder.text.utf8)
            let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, 0) }
            guard n == bytes.count else { throw .io(FileSystemError(.write, path: path, errno: errno)) }
        } catch {
            close(fd)
            throw error
        }
        return StoreLock(path: path, holder: holder, fd: fd)
    }

    private init(path: String, holder: LockHolder, fd: Int32) {
        self.path = path
        self.holder = holder
        self.fd = fd
    }

    var isHeld: Bool { fd >= 0 }

    /// Clears the holder text and releases the lock. Calling it twice is harmless.
    func release() {
        guard fd >= 0 else { return }
        _ = ftruncate(fd, 0)
        close(fd)
        fd = -1
    }

    deinit { release() }

    private static func readText(fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 1024)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
    }
}
