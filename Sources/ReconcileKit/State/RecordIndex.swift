/// One version of a snapshot record, ordered by `exportedAt` then objectID (SPEC §3.2).
struct SnapshotVersion: Codable, Sendable, Hashable, Comparable {
    let exportedAt: Int64
    let objectID: ObjectID

    static func < (a: SnapshotVersion, b: SnapshotVersion) -> Bool {
        (a.exportedAt, a.objectID) < (b.exportedAt, b.objectID)
    }
}

/// Where and when a record was seen, for `reconcile explain`.
struct Sighting: Codable, Sendable, Hashable {
    let runID: String
    let path: String
    let fileSHA256: ObjectID
    let line: Int?
    let byteOffset: Int
    let objectID: ObjectID
    let outcome: DedupOutcome
    let source: SourceFormat
}

/// The index entry of one `(kind, tenantId, id)` key.
struct IndexEntry: Codable, Sendable, Equatable {
    /// The accepted object: the first one seen (events, bank entries) or the first version.
    var first: ObjectID
    /// Snapshot versions, sorted; empty for events and bank entries.
    var versions: [SnapshotVersion]
    /// Objects stored as evidence of a conflict (never applied).
    var conflicts: [ObjectID]
    var sightings: [Sighting]

    /// The version in force now: latest `exportedAt`, ties to the larger objectID.
    var latest: ObjectID { versions.last?.objectID ?? first }

    /// Whether the record reached the store only through provider list exports.
    var backfilled: Bool {
        !sightings.isEmpty && sightings.allSatisfy { $0.source == .listExport }
    }
}

/// A file whose exact bytes were ingested: it is skipped without parsing next time.
struct IngestedFile: Codable, Sendable, Equatable {
    let sha256: ObjectID
    let path: String
    let runID: String
}

/// The index from record keys to objects, dedup history and ingested files: a value persisted as one
/// blob per run and named by the run's root.
struct RecordIndex: Codable, Sendable, Equatable {
    static let formatVersion = 1
    var formatVersion = RecordIndex.formatVersion
    var entries: [RecordKey: IndexEntry] = [:]
    var files: [ObjectID: IngestedFile] = [:]
    /// Keys and files admitted since the index was loaded (``RecordIndex/delta``); not part of its value.
    var changes = RecordIndexChanges()
    /// The keys of the kinds other than events — tenants, platform bookings, bank entries — kept
    /// apart (derived, not part of the value): every run reads them all, and finding them among a
    /// million event keys scanned the whole table.
    private(set) var nonEventKeys: Set<RecordKey> = []

    static func == (a: RecordIndex, b: RecordIndex) -> Bool {
        a.formatVersion == b.formatVersion && a.entries == b.entries && a.files == b.files
    }

    init() {}

    /// For the binary codec (``RecordIndexCodec``), which finds the keys that are not events as it
    /// decodes; without them, they are looked for among the entries.
    init(entries: [RecordKey: IndexEntry], files: [ObjectID: IngestedFile], nonEventKeys: Set<RecordKey>? = nil) {
        self.entries = entries
        self.files = files
        self.nonEventKeys = nonEventKeys ?? Set(entries.keys.filter { $0.kind != .event })
    }

    /// Sets the entry of `key` (a snapshot's or a delta's), keeping ``nonEventKeys``.
    mutating func set(_ entry: IndexEntry, for key: RecordKey) {
        entries[key] = entry
        if key.kind != .event { nonEventKeys.insert(key) }
    }

    /// Drops the entries of `keys`, which the database now holds as they are here (a night's index
    /// written early, ``NightState/spillIfFull(_:runID:)``): a key met again is read back from it.
    mutating func drop(_ keys: [RecordKey]) {
        for key in keys {
            entries[key] = nil
            nonEventKeys.remove(key)
            changes.keys.remove(key)
        }
    }

    /// Room for `count` entries in all, so a first run's million keys are not rehashed at every
    /// doubling of the table.
    mutating func reserveCapacity(_ count: Int) { entries.reserveCapacity(count) }

    func entry(_ key: RecordKey) -> IndexEntry? { entries[key] }
    var keys: Dictionary<RecordKey, IndexEntry>.Keys { entries.keys }

    mutating func markIngested(_ file: IngestedFile) {
        files[file.sha256] = file
        changes.insert(file: file.sha256)
    }

    /// Meets a record with the index: decides its outcome, records the sighting, and says whether its
    /// bytes must be stored.
    mutating func admit(_ record: borrowing Record, sighting make: (DedupOutcome, _ objectID: ObjectID) -> Sighting)
        -> (outcome: DedupOutcome, store: Bool)
    {
        changes.insert(record.key)
        // One hash lookup, and the entry changed in place (no copy of its sightings).
        let admitted = Self.admit(record, into: &entries[record.key], sighting: make)
        if admitted.outcome == .new, record.key.kind != .event { nonEventKeys.insert(record.key) }
        return admitted
    }

    private static func admit(
        _ record: borrowing Record, into slot: inout IndexEntry?,
        sighting make: (DedupOutcome, _ objectID: ObjectID) -> Sighting
    ) -> (outcome: DedupOutcome, store: Bool) {
        let id = record.objectID
        guard slot != nil else {
            let versions = record.key.kind.isSnapshot ? [SnapshotVersion(exportedAt: record.time, objectID: id)] : []
            slot = IndexEntry(first: id, versions: versions, conflicts: [], sightings: [make(.new, id)])
            return (.new, true)
        }
        let outcome: DedupOutcome
        var store = false
        if record.key.kind.isSnapshot {
            let version = SnapshotVersion(exportedAt: record.time, objectID: id)
            if slot!.latest == id || slot!.versions.contains(version) {
                outcome = .duplicate
            } else {
                outcome = .newVersion
                store = !slot!.versions.contains { $0.objectID == id }
                slot!.versions.append(version)
                slot!.versions.sort()
            }
        } else if slot!.first == id {
            outcome = .duplicate
        } else {
            outcome = .conflict
            if !slot!.conflicts.contains(id) {
                slot!.conflicts.append(id)
                store = true
            }
        }
        slot!.sightings.append(make(outcome, id))
        return (outcome, store)
    }
}

extension RecordIndex {
    private struct KeyedEntry: Codable {
        let key: RecordKey
        let entry: IndexEntry
    }

    private enum CodingKeys: String, CodingKey { case formatVersion, entries, files }

    /// Encoded as sorted arrays, so the same index always gives the same bytes.
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(formatVersion, forKey: .formatVersion)
        try c.encode(
            entries.sorted { $0.key < $1.key }.map { KeyedEntry(key: $0.key, entry: $0.value) }, forKey: .entries)
        try c.encode(files.values.sorted { $0.sha256 < $1.sha256 }, forKey: .files)
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        guard formatVersion == RecordIndex.formatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .formatVersion, in: c, debugDescription: "unknown index format version \(formatVersion)")
        }
        for keyed in try c.decode([KeyedEntry].self, forKey: .entries) { set(keyed.entry, for: keyed.key) }
        for file in try c.decode([IngestedFile].self, forKey: .files) { files[file.sha256] = file }
    }
}
