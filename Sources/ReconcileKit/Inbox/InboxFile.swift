/// One candidate input found in the inbox.
struct InboxFile: Sendable, Hashable {
    /// Path relative to the inbox root, `/`-separated; the sort key of the scan.
    let relativePath: String
    /// Absolute path to read (a symlink inside the inbox is resolved to its target).
    let absolutePath: String
    let stamp: FileStamp

    init(relativePath: String, absolutePath: String, stamp: FileStamp) {
        self.relativePath = relativePath
        self.absolutePath = absolutePath
        self.stamp = stamp
    }

    var size: Int64 { stamp.size }
    /// Modification time, Unix seconds.
    var modified: Int64 { stamp.modifiedNanos.floorDivided(by: 1_000_000_000) }
}

extension Int64 {
    fileprivate func floorDivided(by d: Int64) -> Int64 {
        let q = self / d
        return (self % d < 0) ? q - 1 : q
    }
}

/// What the scan did with an entry that is not read in this run.
enum ScanSkip: Sendable, Hashable {
    /// Modified less than `--settle` seconds ago: it may still be being written.
    case deferred(relativePath: String, ageSeconds: Int64)
    /// A symbolic link whose target is outside the inbox, or is not a regular file.
    case linkNotFollowed(relativePath: String)
    /// Not a regular file (device, socket, fifo) or unreadable folder.
    case unreadable(relativePath: String, reason: String)
}

struct InboxScan: Sendable {
    var files: [InboxFile] = []
    var skipped: [ScanSkip] = []
    /// The wall clock of the scan (Unix seconds): a stamp older than it by ``FileStamp/settledSeconds`` is remembered.
    var scannedAt: Int64 = 0
}
