/// The run's open reconciliation exceptions (`open_items`, SPEC §6) by `(tenant, kind, references)`.
/// A resolved item keeps its row, marked with the day and run that resolved it, until it opens
/// again; reading returns the open rows only, so it costs what is open, not the history.
public final class OpenItemTable {
    private static let columns = "tenant_id, kind, refs, first_seen_run, first_seen, last_seen, fingerprint, amount, currency"
    private let selectOpen: LazyStatement
    private let upsertItems: BatchStatement
    private let resolveItems: BatchStatement

    init(_ db: any DatabaseConnection) {
        selectOpen = LazyStatement(db, name: "select open items", sql: """
            SELECT \(Self.columns) FROM open_items WHERE resolved_run IS NULL
            """)
        upsertItems = BatchStatement(db, name: "upsert open items", maxRows: 128) { rows in
            """
            INSERT INTO open_items (\(Self.columns)) VALUES \(BatchStatement.tuples(rows, width: 9))
            ON CONFLICT (tenant_id, kind, refs) DO UPDATE SET first_seen_run = excluded.first_seen_run,
                first_seen = excluded.first_seen, last_seen = excluded.last_seen, fingerprint = excluded.fingerprint,
                amount = excluded.amount, currency = excluded.currency, resolved = NULL, resolved_run = NULL
            """
        }
        // The day and run travel in every row: a batch binds only its rows' values.
        resolveItems = BatchStatement(db, name: "resolve open items") { rows in
            """
            WITH r (tenant_id, kind, refs, day, run_id) AS (VALUES \(BatchStatement.tuples(rows, width: 5)))
            UPDATE open_items SET resolved = r.day, resolved_run = r.run_id FROM r
            WHERE open_items.resolved_run IS NULL AND open_items.tenant_id = r.tenant_id
                AND open_items.kind = r.kind AND open_items.refs = r.refs
            """
        }
    }

    /// Every open item.
    public func open() throws -> OpenItems {
        var open = OpenItems()
        try selectOpen.statement.query([]) { row in
            let key = OpenItems.Key(tenant: try row.get(0), kind: try row.get(1), references: try row.get(2))
            open.items[key] = OpenItems.Item(firstSeenRun: try row.get(3), firstSeen: try row.get(4), lastSeen: try row.get(5),
                                             fingerprint: UInt64(bitPattern: try row.get(6, as: Int64.self)),
                                             amountCents: try row.get(7), currency: try row.get(8))
        }
        return open
    }

    /// Stores a run's outcome: every item of `open` as given (first seen kept, last seen updated, a
    /// resolved row opened again), and the open rows of `resolved` marked resolved on `day`
    /// (`YYYY-MM-DD`) by `runID`. A key both open and resolved stays open; a resolved key with no
    /// open row is left as it is.
    public func save(_ open: OpenItems, resolved: [OpenItems.Key], asOf day: String, runID: String) throws {
        try resolveItems.execute(Array(Set(resolved))) { key, values in
            values.append(contentsOf: [.text(key.tenant), .text(key.kind), .text(key.references), .text(day), .text(runID)])
        }
        try upsertItems.execute(Array(open.items)) { entry, values in
            let (key, item) = entry
            values.append(contentsOf: [
                .text(key.tenant), .text(key.kind), .text(key.references), .text(item.firstSeenRun), .text(item.firstSeen),
                .text(item.lastSeen), .integer(Int64(bitPattern: item.fingerprint)), DatabaseValue(item.amountCents),
                DatabaseValue(item.currency),
            ])
        }
    }
}
