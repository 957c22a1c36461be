/// The log of records rejected inside good files (`rejections`), one row per entry in the order
/// seen (`step` from 1). The log is small and read whole; a run writes back only what it changed:
/// the entries it added and the replacements it set.
final class RejectionTable {
    private static let columns = """
        step, run_id, path, file, line, byte_offset, reason, object, key_tenant_id, key_kind, key_id, \
        replaced_by_object, replaced_by_run, replaced_by_path, replaced_by_line, replaced_by_byte_offset
        """
    private let selectAll: LazyStatement
    private let upsert: BatchStatement

    init(_ db: any DatabaseConnection) {
        selectAll = LazyStatement(
            db, name: "select rejections", sql: "SELECT \(Self.columns) FROM rejections ORDER BY step")
        // A stored entry changes only by its replacement.
        upsert = BatchStatement(db, name: "upsert rejections", maxRows: 64) { rows in
            """
            INSERT INTO rejections (\(Self.columns)) VALUES \(BatchStatement.tuples(rows, width: 16))
            ON CONFLICT (step) DO UPDATE SET replaced_by_object = excluded.replaced_by_object,
                replaced_by_run = excluded.replaced_by_run, replaced_by_path = excluded.replaced_by_path,
                replaced_by_line = excluded.replaced_by_line, replaced_by_byte_offset = excluded.replaced_by_byte_offset
            """
        }
    }

    /// The whole log, equal (`==`) to the one saved. Entries are added again in order and each
    /// key's replacements applied as ``RejectedLog/replace(_:by:)`` set them, so a row set that
    /// `add` and `replace` cannot produce (a gap in the steps, a rejection open while a later one
    /// of its key is replaced) is a ``StateError/Code/unreadableRow``.
    func load() throws -> RejectedLog {
        var stored: [RejectedLog.Entry] = []
        try selectAll.statement.query([]) { row in
            let step: Int = try row.get(0)
            guard step == stored.count + 1 else {
                throw StateError(
                    .unreadableRow, table: "rejections", key: "step \(step)",
                    reason: "the steps do not run 1, 2, 3, … (step \(stored.count + 1) is missing)")
            }
            stored.append(try Self.decode(row, step: step))
        }
        var log = RejectedLog()
        // A key's entries replaced at once share one replacement: replace them when the next entry
        // of the key does not.
        var pending: [RecordKey: RejectedLog.Replacement] = [:]
        for entry in stored {
            if let key = entry.key, let replacement = pending[key], replacement != entry.replacedBy {
                _ = log.replace(key, by: replacement)
                pending[key] = nil
            }
            log.add(entry)
            if let key = entry.key, let replacement = entry.replacedBy { pending[key] = replacement }
        }
        for (key, replacement) in pending { _ = log.replace(key, by: replacement) }
        if let step = stored.indices.first(where: { log.entries[$0] != stored[$0] }).map({ $0 + 1 }) {
            throw StateError(
                .unreadableRow, table: "rejections", key: "step \(step)",
                reason: "the rejection is open while a later one of its key is replaced")
        }
        return log
    }

    /// Writes what `log` changed since `loaded`, the log it was built from: the entries after
    /// `loaded`'s, and the replacements set on `loaded`'s own.
    func save(_ log: RejectedLog, since loaded: RejectedLog) throws {
        precondition(log.entries.count >= loaded.entries.count, "a rejected log only grows")
        var rows: [[DatabaseValue]] = []
        for (i, entry) in log.entries.enumerated()
        where i >= loaded.entries.count || entry.replacedBy != loaded.entries[i].replacedBy {
            rows.append(Self.values(entry, step: i + 1))
        }
        try upsert.execute(rows) { row, values in values.append(contentsOf: row) }
    }

    private static func values(_ e: RejectedLog.Entry, step: Int) -> [DatabaseValue] {
        let r = e.replacedBy
        return [
            .integer(Int64(step)), .text(e.runID), .text(e.path), e.fileSHA256.databaseValue,
            DatabaseValue(e.location.line),
            .integer(Int64(e.location.byteOffset)), .text(e.reason), e.objectID?.databaseValue ?? .null,
            DatabaseValue(e.key?.tenantID.rawValue), DatabaseValue(e.key?.kind.rawValue), DatabaseValue(e.key?.id),
            r?.objectID.databaseValue ?? .null, DatabaseValue(r?.runID), DatabaseValue(r?.path),
            DatabaseValue(r?.location.line),
            DatabaseValue(r.map { $0.location.byteOffset }),
        ]
    }

    private static func decode(_ row: any DatabaseRow, step: Int) throws -> RejectedLog.Entry {
        let name = "step \(step)"
        var key: RecordKey? = nil
        if let kind = try row.optionalEnumeration(9, as: RecordKind.self, table: "rejections", key: name) {
            key = RecordKey(kind: kind, tenantID: try row.tenantID(8), id: try row.get(10))
        }
        var replacement: RejectedLog.Replacement? = nil
        if let object = try row.optionalObjectID(11, table: "rejections", key: name) {
            replacement = RejectedLog.Replacement(
                objectID: object, runID: try row.get(12), path: try row.get(13),
                location: Location(line: try row.get(14), byteOffset: try row.get(15)))
        }
        return RejectedLog.Entry(
            runID: try row.get(1), path: try row.get(2),
            fileSHA256: try row.objectID(3, table: "rejections", key: name),
            location: Location(line: try row.get(4), byteOffset: try row.get(5)), reason: try row.get(6),
            objectID: try row.optionalObjectID(7, table: "rejections", key: name), key: key, replacedBy: replacement)
    }
}
