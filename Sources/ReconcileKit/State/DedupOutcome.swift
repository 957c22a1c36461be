/// What happened to a record when it met the index (SPEC §4).
enum DedupOutcome: String, Codable, Sendable, CaseIterable, Comparable {
    /// Key never seen: stored and, for events, applied.
    case new
    /// Same key, same objectID: nothing happens (a webhook retry).
    case duplicate
    /// An event or bank entry key seen before with different content: the first stands.
    case conflict
    /// A snapshot (tenant, booking) with a known key and different content.
    case newVersion = "new_version"

    static func < (a: DedupOutcome, b: DedupOutcome) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
