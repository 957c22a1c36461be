extension IngestResult {
    /// Bytes of the inbox files this run read: every scanned file but those known by an unchanged
    /// stamp is read whole to hash it.
    var bytesRead: Int64 { scan.files.reduce(0) { $0 + $1.size } - bytesUnread }
}
