/// The binary snapshot of a ``RecordIndex``, stored as the run's `index` blob. A million keys
/// encode and decode in well under a second, where Foundation's JSON coders took tens of seconds.
///
/// ```
/// "RCRI" | version varint = 2
/// strings: count | (len | utf8)*            run ids, paths, file hashes, tenant ids — each once
/// entries: count | entry*, sorted by key
///   entry: kind u8 | tenant string# | id string | first oid
///          | versions: count | (exportedAt zigzag | oid)*
///          | conflicts: count | oid*
///          | sightings: count | (run# | path# | file# | line+1 (0 = none) | byteOffset
///                                 | oid, or tag 2 = same as first | outcome u8 | source u8)*
/// files: count | (sha256 string | path# | run#)*, sorted by sha256
/// ```
/// `oid` is tag 0 + 32 bytes (an object id), or tag 1 + its hex string (read, no longer written). The bytes depend only on the
/// index's content. The JSON form of format 1 is still read.
public enum RecordIndexCodec {
    static let magic: [UInt8] = Array("RCRI".utf8)
    static let version: UInt64 = 2

    public struct Failure: Error, CustomStringConvertible {
        public let offset: Int
        public let reason: String
        public var description: String { "index snapshot: \(reason) at byte \(offset)" }
    }

    public static func isBinary(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

    public static func encode(_ index: RecordIndex) -> [UInt8] {
        var table = StringTable()
        var body = BinaryWriter(reserving: index.entries.count * 256)
        // Entries by dictionary position, in key order: no key is hashed again to find its entry.
        let positions = Array(index.entries.indices)
        let keys = positions.map { index.entries[$0].key }
        body.int(keys.count)
        let kinds = RecordKind.allCases
        let outcomes = DedupOutcome.allCases
        let sources = SourceFormat.allCases
        // A million sightings name a handful of runs, paths and files (``StringTable/id(_:memo:)``).
        var runIDs = StringTable.Memo(), paths = StringTable.Memo(), fileSHAs = StringTable.Memo()
        for i in sortedOrder(keys) {
            let (key, entry) = index.entries[positions[i]]
            body.byte(UInt8(kinds.firstIndex(of: key.kind)!))
            body.int(table.id(key.tenantID))
            body.string(key.id)
            body.objectID(entry.first)
            body.int(entry.versions.count)
            for v in entry.versions {
                body.signed(v.exportedAt)
                body.objectID(v.objectID)
            }
            body.int(entry.conflicts.count)
            for c in entry.conflicts { body.objectID(c) }
            body.int(entry.sightings.count)
            for s in entry.sightings {
                body.int(table.id(s.runID, memo: &runIDs))
                body.int(table.id(s.path, memo: &paths))
                body.int(table.id(s.fileSHA256, memo: &fileSHAs))
                body.int(s.line.map { $0 + 1 } ?? 0)
                body.int(s.byteOffset)
                if s.objectID == entry.first { body.byte(2) } else { body.objectID(s.objectID) }
                body.byte(UInt8(outcomes.firstIndex(of: s.outcome)!))
                body.byte(UInt8(sources.firstIndex(of: s.source)!))
            }
        }
        let files = index.files.values.sorted { $0.sha256 < $1.sha256 }
        body.int(files.count)
        for f in files {
            body.string(f.sha256)
            body.int(table.id(f.path))
            body.int(table.id(f.runID))
        }
        var out = BinaryWriter(reserving: body.bytes.count + 64 * table.strings.count + 16)
        out.bytes.append(contentsOf: magic)
        out.varint(version)
        out.int(table.strings.count)
        for s in table.strings { out.string(s) }
        out.bytes.append(contentsOf: body.bytes)
        return out.bytes
    }

    /// The positions of `keys` in ``RecordKey`` order. When every tenant id and id is ASCII
    /// (always, in practice) that is `(kind, tenant, id)` in UTF-8 byte order, which integer keys
    /// (``UTF8KeyedSort``) sort several times faster than the tuple comparison (issue 6); otherwise
    /// `<` itself decides.
    static func sortedOrder(_ keys: [RecordKey]) -> [Int] {
        guard keys.allSatisfy({ $0.tenantID.utf8IsASCII && $0.id.utf8IsASCII }) else {
            return keys.indices.sorted { keys[$0] < keys[$1] }
        }
        struct Group: Hashable { let kind: RecordKind; let tenantID: String }
        let groups = DenseRanks.of(keys.map { Group(kind: $0.kind, tenantID: $0.tenantID) }) {
            ($0.kind, $0.tenantID) < ($1.kind, $1.tenantID)
        }
        return UTF8KeyedSort.order(ids: keys.map(\.id), groups: groups)
    }

    public static func decode(_ bytes: [UInt8]) throws(Failure) -> RecordIndex {
        let result: Result<RecordIndex, BinaryReader.Failure> = bytes.withUnsafeBytes { raw in
            do throws(BinaryReader.Failure) { return .success(try decode(raw)) } catch { return .failure(error) }
        }
        switch result {
        case .success(let index): return index
        case .failure(let f): throw Failure(offset: f.offset, reason: f.reason)
        }
    }

    static func decode(_ raw: UnsafeRawBufferPointer) throws(BinaryReader.Failure) -> RecordIndex {
        guard raw.starts(with: magic) else { throw BinaryReader.Failure(offset: 0, reason: "not a binary index (bad magic)") }
        var r = BinaryReader(raw, offset: magic.count)
        let v = try r.varint()
        guard v == version else { throw BinaryReader.Failure(offset: magic.count, reason: "unknown index format version \(v)") }
        let stringCount = try r.count()
        var strings: [String] = []
        strings.reserveCapacity(stringCount)
        for _ in 0..<stringCount { strings.append(try r.string()) }
        func interned(_ r: inout BinaryReader) throws(BinaryReader.Failure) -> String {
            let at = r.offset
            let i = try r.int()
            guard i >= 0, i < strings.count else { throw BinaryReader.Failure(offset: at, reason: "string reference out of range") }
            return strings[i]
        }
        func enumCase<T>(_ all: [T], _ r: inout BinaryReader) throws(BinaryReader.Failure) -> T {
            let at = r.offset
            let i = Int(try r.byte())
            guard i < all.count else { throw BinaryReader.Failure(offset: at, reason: "unknown \(T.self) \(i)") }
            return all[i]
        }
        let kinds = RecordKind.allCases
        let outcomes = DedupOutcome.allCases
        let sources = SourceFormat.allCases
        let entryCount = try r.count()
        var entries: [RecordKey: IndexEntry] = Dictionary(minimumCapacity: entryCount)
        var nonEventKeys = Set<RecordKey>()
        for _ in 0..<entryCount {
            let kind = try enumCase(kinds, &r)
            let tenant = try interned(&r)
            let id = try r.string()
            let first = try r.objectID()
            var versions: [SnapshotVersion] = []
            let versionCount = try r.count()
            versions.reserveCapacity(versionCount)
            for _ in 0..<versionCount {
                let exportedAt = try r.signed()
                versions.append(SnapshotVersion(exportedAt: exportedAt, objectID: try r.objectID()))
            }
            var conflicts: [ObjectID] = []
            for _ in 0..<(try r.count()) { conflicts.append(try r.objectID()) }
            let sightingCount = try r.count()
            var sightings: [Sighting] = []
            sightings.reserveCapacity(sightingCount)
            for _ in 0..<sightingCount {
                let runID = try interned(&r)
                let path = try interned(&r)
                let file = try interned(&r)
                let line = try r.int()
                let byteOffset = try r.int()
                let objectID: ObjectID
                if r.offset < raw.count, raw[r.offset] == 2 { r.offset += 1; objectID = first } else { objectID = try r.objectID() }
                let outcome = try enumCase(outcomes, &r)
                let source = try enumCase(sources, &r)
                sightings.append(Sighting(runID: runID, path: path, fileSHA256: file, line: line == 0 ? nil : line - 1,
                                          byteOffset: byteOffset, objectID: objectID, outcome: outcome, source: source))
            }
            let key = RecordKey(kind: kind, tenantID: TenantID(tenant), id: id)
            guard entries.updateValue(IndexEntry(first: first, versions: versions, conflicts: conflicts, sightings: sightings), forKey: key) == nil else {
                throw BinaryReader.Failure(offset: r.offset, reason: "key \(kind.rawValue) appears twice")
            }
            if kind != .event { nonEventKeys.insert(key) }
        }
        let fileCount = try r.count()
        var files: [String: IngestedFile] = Dictionary(minimumCapacity: fileCount)
        for _ in 0..<fileCount {
            let sha = try r.string()
            let path = try interned(&r)
            let runID = try interned(&r)
            files[sha] = IngestedFile(sha256: sha, path: path, runID: runID)
        }
        guard r.atEnd else { throw BinaryReader.Failure(offset: r.offset, reason: "data after the end of the index") }
        return RecordIndex(entries: entries, files: files, nonEventKeys: nonEventKeys)
    }
}
