/// The index by record key (`records`, `record_versions`, `record_conflicts`, `sightings`). Every
/// lookup takes a batch of keys and costs a query per chunk of them, never one per key.
final class RecordTable {
    private let selectRecords: BatchStatement
    private let selectVersions: BatchStatement
    private let selectConflicts: BatchStatement
    private let selectSightings: BatchStatement
    private let lastConflictSteps: BatchStatement
    private let lastSightingSteps: BatchStatement
    private let insertRecords: BatchStatement
    private let insertVersions: BatchStatement
    private let insertConflicts: BatchStatement
    private let insertSightings: BatchStatement

    let connection: any DatabaseConnection

    init(_ db: any DatabaseConnection) {
        connection = db
        func keyed(_ name: String, _ columns: String, from table: String, then: String = "") -> BatchStatement {
            BatchStatement(db, name: name) { rows in
                BatchStatement.keyed(columns, from: table, by: ["tenant_id", "kind", "id"], rows: rows, then: then)
            }
        }
        selectRecords = keyed("select records", "tenant_id, kind, id, object, first_run", from: "records")
        selectVersions = keyed(
            "select record versions", "tenant_id, kind, id, exported_at, object", from: "record_versions",
            then: "ORDER BY tenant_id, kind, id, exported_at, object")
        selectConflicts = keyed(
            "select record conflicts", "tenant_id, kind, id, object", from: "record_conflicts",
            then: "ORDER BY tenant_id, kind, id, step")
        selectSightings = keyed(
            "select sightings", "tenant_id, kind, id, run_id, path, file, line, byte_offset, object, outcome, source",
            from: "sightings", then: "ORDER BY tenant_id, kind, id, step")
        lastConflictSteps = keyed(
            "select last conflict steps", "tenant_id, kind, id, MAX(step)", from: "record_conflicts",
            then: "GROUP BY tenant_id, kind, id")
        lastSightingSteps = keyed(
            "select last sighting steps", "tenant_id, kind, id, MAX(step)", from: "sightings",
            then: "GROUP BY tenant_id, kind, id")
        insertRecords = BatchStatement(
            db, name: "insert records", insertInto: "records",
            columns: ["tenant_id", "kind", "id", "object", "first_run"])
        insertVersions = BatchStatement(db, name: "insert record versions") { rows in
            """
            INSERT INTO record_versions (tenant_id, kind, id, exported_at, object) VALUES \(BatchStatement.tuples(rows, width: 5))
            ON CONFLICT (tenant_id, kind, id, exported_at, object) DO NOTHING
            """
        }
        insertConflicts = BatchStatement(
            db, name: "insert record conflicts", insertInto: "record_conflicts",
            columns: ["tenant_id", "kind", "id", "object", "step"])
        insertSightings = BatchStatement(
            db, name: "insert sightings", maxRows: 128, insertInto: "sightings",
            columns: [
                "tenant_id", "kind", "id", "step", "run_id", "path", "file", "line", "byte_offset", "object", "outcome",
                "source",
            ])
    }

    /// The stored records among `keys`, without sightings; absent keys are absent from the result.
    func records(_ keys: [RecordKey]) throws -> [RecordKey: StoredRecord] {
        let keys = Array(Set(keys))
        var found: [RecordKey: StoredRecord] = [:]
        found.reserveCapacity(keys.count)
        try selectRecords.query(keys, values: { $0.appendValues(to: &$1) }) { row in
            let key = try row.recordKey(at: 0, table: "records")
            found[key] = StoredRecord(
                first: try row.objectID(3, table: "records", key: key.description),
                firstRunID: try row.get(4))
        }
        guard !found.isEmpty else { return found }
        let present = Array(found.keys)
        try selectVersions.query(present, values: { $0.appendValues(to: &$1) }) { row in
            let key = try row.recordKey(at: 0, table: "record_versions")
            let version = SnapshotVersion(
                exportedAt: try row.get(3),
                objectID: try row.objectID(4, table: "record_versions", key: key.description))
            found[key]?.versions.append(version)
        }
        try selectConflicts.query(present, values: { $0.appendValues(to: &$1) }) { row in
            let key = try row.recordKey(at: 0, table: "record_conflicts")
            found[key]?.conflicts.append(try row.objectID(3, table: "record_conflicts", key: key.description))
        }
        return found
    }

    /// The index entries among `keys`, sightings included, in the order they were met.
    func entries(_ keys: [RecordKey]) throws -> [RecordKey: IndexEntry] {
        let stored = try records(keys)
        var sightings: [RecordKey: [Sighting]] = [:]
        try selectSightings.query(Array(stored.keys), values: { $0.appendValues(to: &$1) }) { row in
            let key = try row.recordKey(at: 0, table: "sightings")
            let name = key.description
            let sighting = Sighting(
                runID: try row.get(3), path: try row.get(4),
                fileSHA256: try row.objectID(5, table: "sightings", key: name),
                line: try row.get(6), byteOffset: try row.get(7),
                objectID: try row.objectID(8, table: "sightings", key: name),
                outcome: try row.enumeration(9, as: DedupOutcome.self, table: "sightings", key: name),
                source: try row.enumeration(10, as: SourceFormat.self, table: "sightings", key: name))
            sightings[key, default: []].append(sighting)
        }
        var entries: [RecordKey: IndexEntry] = [:]
        entries.reserveCapacity(stored.count)
        for (key, record) in stored { entries[key] = record.entry(sightings: sightings[key] ?? []) }
        return entries
    }

    /// Stores records met for the first time, with their first versions and conflicts; a key already
    /// stored is a ``DatabaseError/Kind/uniqueViolation``.
    func insert(_ records: [(key: RecordKey, record: StoredRecord)]) throws {
        try insertRecords.execute(records) { item, values in
            item.key.appendValues(to: &values)
            values.append(item.record.first.databaseValue)
            values.append(.text(item.record.firstRunID))
        }
        try addVersions(records.flatMap { item in item.record.versions.map { (item.key, $0) } })
        try addConflicts(records.flatMap { item in item.record.conflicts.map { (item.key, $0) } })
    }

    /// Adds export versions to stored records; a version already stored is left as it is.
    func addVersions(_ versions: [(key: RecordKey, version: SnapshotVersion)]) throws {
        try insertVersions.execute(versions) { item, values in
            item.key.appendValues(to: &values)
            values.append(.integer(item.version.exportedAt))
            values.append(item.version.objectID.databaseValue)
        }
    }

    /// Adds conflicting objects to stored records, after those they hold, in the order given; an
    /// object a record already holds as a conflict is not added again.
    func addConflicts(_ conflicts: [(key: RecordKey, object: ObjectID)]) throws {
        guard !conflicts.isEmpty else { return }
        let held = try records(conflicts.map(\.key)).mapValues { Set($0.conflicts) }
        var steps = try lastSteps(lastConflictSteps, of: conflicts.map(\.key))
        var seen: [RecordKey: Set<ObjectID>] = held
        var rows: [(RecordKey, ObjectID, Int)] = []
        for (key, object) in conflicts where seen[key, default: []].insert(object).inserted {
            let step = steps[key, default: 0] + 1
            steps[key] = step
            rows.append((key, object, step))
        }
        try insertConflicts.execute(rows) { item, values in
            item.0.appendValues(to: &values)
            values.append(item.1.databaseValue)
            values.append(.integer(Int64(item.2)))
        }
    }

    /// Appends sightings to stored records, after those they hold, in the order given.
    func addSightings(_ sightings: [(key: RecordKey, sighting: Sighting)]) throws {
        guard !sightings.isEmpty else { return }
        var steps = try lastSteps(lastSightingSteps, of: sightings.map(\.key))
        try insertSightings(
            sightings.map { key, sighting in
                let step = steps[key, default: 0] + 1
                steps[key] = step
                return (key, step, sighting)
            })
    }

    /// Stores sightings at the steps given (the caller knows how many each key holds).
    func insertSightings(_ sightings: [(key: RecordKey, step: Int, sighting: Sighting)]) throws {
        var rows: [[DatabaseValue]] = []
        rows.reserveCapacity(sightings.count)
        for (key, step, s) in sightings {
            rows.append([
                .text(key.tenantID.rawValue), .text(key.kind.rawValue), .text(key.id), .integer(Int64(step)),
                .text(s.runID),
                .text(s.path), s.fileSHA256.databaseValue, DatabaseValue(s.line), .integer(Int64(s.byteOffset)),
                s.objectID.databaseValue, .text(s.outcome.rawValue), .text(s.source.rawValue),
            ])
        }
        try insertSightings.execute(rows) { row, values in values.append(contentsOf: row) }
    }

    /// The highest step stored for each of `keys` that has any.
    private func lastSteps(_ statement: BatchStatement, of keys: [RecordKey]) throws -> [RecordKey: Int] {
        var steps: [RecordKey: Int] = [:]
        try statement.query(Array(Set(keys)), values: { $0.appendValues(to: &$1) }) { row in
            steps[try row.recordKey(at: 0, table: statement.name)] = try row.get(3)
        }
        return steps
    }
}
