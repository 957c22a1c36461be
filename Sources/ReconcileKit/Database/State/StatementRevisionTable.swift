/// Each statement's revision (`statement_revisions`) by `(tenant, month)`: looked up in batches by
/// the statements a run rebuilds.
final class StatementRevisionTable {
    private static let columns = "tenant_id, month, revision, through, previous_through"
    private let select: BatchStatement
    private let selectIDs: LazyStatement
    private let upsert: BatchStatement

    init(_ db: any DatabaseConnection) {
        select = BatchStatement(db, name: "select statement revisions") { rows in
            BatchStatement.keyed(Self.columns, from: "statement_revisions", by: ["tenant_id", "month"], rows: rows)
        }
        selectIDs = LazyStatement(
            db, name: "select statement ids", sql: "SELECT tenant_id, month FROM statement_revisions")
        upsert = BatchStatement(db, name: "upsert statement revisions", maxRows: 128) { rows in
            """
            INSERT INTO statement_revisions (\(Self.columns)) VALUES \(BatchStatement.tuples(rows, width: 5))
            ON CONFLICT (tenant_id, month) DO UPDATE SET revision = excluded.revision, through = excluded.through,
                previous_through = excluded.previous_through
            """
        }
    }

    /// The stored revisions among `ids`; absent ids are absent from the result.
    func load(_ ids: [StatementID]) throws -> StatementRevisions {
        var found = StatementRevisions()
        try select.query(
            Array(Set(ids)),
            values: {
                $1.append($0.tenant.databaseValue)
                $1.append(.text($0.month))
            }
        ) { row in
            try Self.decode(row, into: &found)
        }
        return found
    }

    /// The ids of the statements ever numbered that `keep` keeps, read row by row: only those are
    /// held.
    func ids(where keep: (StatementID) -> Bool) throws -> [StatementID] {
        var kept: [StatementID] = []
        try selectIDs.statement.query([]) { row in
            let id = StatementID(tenant: try row.tenantID(0), month: try row.get(1))
            if keep(id) { kept.append(id) }
        }
        return kept
    }

    /// Numbers `statements` from their stored revisions (``StatementRevisions/update(_:)``) and
    /// stores the revisions that changed.
    func number(_ statements: inout [CommissionStatement]) throws {
        let stored = try load(statements.map { StatementID(tenant: $0.tenantID, month: $0.month) })
        var revisions = stored
        revisions.update(&statements)
        try save(revisions.entries.filter { stored.entries[$0.key] != $0.value })
    }

    /// Stores each entry, new or changed, in key order: the database file's pages then do not
    /// depend on a dictionary's per-process order, so two runs over the same inbox write the same
    /// bytes.
    func save(_ entries: [StatementID: StatementRevisions.Entry]) throws {
        try upsert.execute(entries.sorted { $0.key < $1.key }) { item, values in
            let (id, entry) = item
            values.append(contentsOf: [
                id.tenant.databaseValue, .text(id.month), .integer(Int64(entry.revision)),
                .integer(Int64(entry.through)), .integer(Int64(entry.previousThrough)),
            ])
        }
    }

    private static func decode(_ row: any DatabaseRow, into revisions: inout StatementRevisions) throws {
        revisions.entries[StatementID(tenant: try row.tenantID(0), month: try row.get(1))] =
            StatementRevisions.Entry(revision: try row.get(2), through: try row.get(3), previousThrough: try row.get(4))
    }
}
