/// One candidate input found in the inbox.
public struct InboxFile: Sendable, Hashable {
    /// Path relative to the inbox root, `/`-separated; the sort key of the scan.
    public let relativePath: String
    /// Absolute path to read (a symlink inside the inbox is resolved to its target).
    public let absolutePath: String
    public let size: Int64
    public let modified: Int64
    public let inode: UInt64
}

/// What the scan did with an entry that is not read in this run.
public enum ScanSkip: Sendable, Hashable {
    /// Modified less than `--settle` seconds ago: it may still be being written.
    case deferred(relativePath: String, ageSeconds: Int64)
    /// A symbolic link whose target is outside the inbox, or is not a regular file.
    case linkNotFollowed(relativePath: String)
    /// Not a regular file (device, socket, fifo) or unreadable folder.
    case unreadable(relativePath: String, reason: String)
}

public struct InboxScan: Sendable {
    public var files: [InboxFile] = []
    public var skipped: [ScanSkip] = []
}
