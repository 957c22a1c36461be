/// A run's id: its report time and a short hash of what it starts from, so the same state, inbox
/// and `--as-of` give the same id (and the same outbox paths).
enum RunID {
    static func make(asOf: Int64, mode: RunMode, parent: ObjectID?, files: [InboxFile]) -> String {
        var bytes = Array("\(mode.rawValue)\n\(asOf)\n\(parent?.hex ?? "-")\n".utf8)
        for file in files {
            bytes.append(contentsOf: "\(file.relativePath)\u{0}\(file.size)\u{0}\(file.modified)\n".utf8)
        }
        let stamp = Timestamp.format(asOf).filter { $0 != "-" && $0 != ":" }
        return "\(stamp)-\(ObjectID(digestOf: bytes).hex.prefix(8))"
    }
}
