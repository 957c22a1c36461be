/// What the index holds for one record key, without its sightings: the object first accepted, the
/// run that first met it, the export versions of a snapshot kind and the conflicting objects kept
/// as evidence. Enough to decide a newcomer's dedup outcome (SPEC §4).
struct StoredRecord: Equatable, Sendable {
    var first: ObjectID
    var firstRunID: String
    /// Sorted (``SnapshotVersion`` order); empty for events and bank entries.
    var versions: [SnapshotVersion]
    /// In the order they were first met.
    var conflicts: [ObjectID]

    init(first: ObjectID, firstRunID: String, versions: [SnapshotVersion] = [], conflicts: [ObjectID] = []) {
        self.first = first
        self.firstRunID = firstRunID
        self.versions = versions
        self.conflicts = conflicts
    }

    /// The index entry of this record with its sightings.
    func entry(sightings: [Sighting]) -> IndexEntry {
        IndexEntry(first: first, versions: versions, conflicts: conflicts, sightings: sightings)
    }
}

extension RecordKey {
    /// The key's columns `(tenant_id, kind, id)`, in the order every record table's key has them.
    func appendValues(to values: inout [DatabaseValue]) {
        values.append(.text(tenantID.rawValue))
        values.append(.text(kind.rawValue))
        values.append(.text(id))
    }
}

extension DatabaseRow {
    /// A record key from columns `index…index+2`: tenant_id, kind, id.
    func recordKey(at index: Int, table: String) throws -> RecordKey {
        let tenant = try get(index, as: String.self)
        let id = try get(index + 2, as: String.self)
        let kind = try enumeration(index + 1, as: RecordKind.self, table: table, key: "\(tenant)/\(id)")
        return RecordKey(kind: kind, tenantID: TenantID(tenant), id: id)
    }
}
