#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `stat` says of an inbox file. When every field is as it was when the file's bytes were
/// hashed, the bytes are taken to be unchanged and the file is not read again (SPEC §2's pre-check,
/// as git's index does). A write changes the change time, which no tool can set back.
struct FileStamp: Sendable, Hashable {
    let size: Int64
    let modifiedNanos: Int64
    let changedNanos: Int64
    let inode: UInt64
    let device: UInt64

    init(size: Int64, modifiedNanos: Int64, changedNanos: Int64, inode: UInt64, device: UInt64) {
        self.size = size
        self.modifiedNanos = modifiedNanos
        self.changedNanos = changedNanos
        self.inode = inode
        self.device = device
    }

    init(_ st: stat) {
        func nanos(_ t: timespec) -> Int64 { Int64(t.tv_sec) &* 1_000_000_000 &+ Int64(t.tv_nsec) }
        self.init(
            size: Int64(st.st_size), modifiedNanos: nanos(st.st_mtim), changedNanos: nanos(st.st_ctim),
            inode: UInt64(st.st_ino), device: UInt64(st.st_dev))
    }

    /// How long a stamp must have stood before the scan to be remembered. A file written again
    /// within one tick of the file system's clock could keep its stamp with other bytes (git's
    /// "racy" entries): such a file is hashed again by the next run, which may remember it then.
    static let settledSeconds: Int64 = 2

    /// Whether the file was last written or changed at least ``settledSeconds`` before `now` (Unix
    /// seconds, the scan's wall clock).
    func isSettled(at now: Int64) -> Bool {
        let limit = (now - Self.settledSeconds) &* 1_000_000_000
        return modifiedNanos <= limit && changedNanos <= limit
    }
}
