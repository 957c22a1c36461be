/// The reads that walk a whole kind of row rather than a batch of keys: what reconciliation and
/// the statements still compare over (docs/performance.md), the
/// tenants (a few thousand) and the ingested files (a few per night). Each streams its rows in key
/// order with one prepared statement.
extension IngestedFileTable {
    /// Every ingested file, by hash.
    func all() throws -> [ObjectID: IngestedFile] {
        var found: [ObjectID: IngestedFile] = [:]
        try LazyStatement(connection, name: "select all files", sql: "SELECT sha256, path, run_id FROM files").statement
            .query([]) { row in
                let sha = try row.objectID(0, table: "files", key: "?")
                found[sha] = IngestedFile(sha256: sha, path: try row.get(1), runID: try row.get(2))
            }
        return found
    }
}

extension RecordTable {
    /// The keys of every record of `kind`. The kind is written into the query, not bound: the
    /// tenants' partial index (`records_tenants`) serves only a query that names its kind.
    func keys(of kind: RecordKind) throws -> [RecordKey] {
        try LazyStatement(connection, name: "select record keys of a kind", sql: Self.keysQuery(of: kind)).statement
            .fetchAll([]) { try $0.recordKey(at: 0, table: "records") }
    }

    static func keysQuery(of kind: RecordKind) -> String {
        "SELECT tenant_id, kind, id FROM records WHERE kind = '\(kind.rawValue)'"
    }

    /// The object in force of every record of `kind` (of `tenant`'s, when given): the first one
    /// accepted (events, bank entries and statements) or the latest export version (tenants,
    /// platform bookings), with that version's export time; in key order.
    func objectsInForce(of kind: RecordKind, tenant: TenantID? = nil) throws -> [(
        key: RecordKey, object: ObjectID, exportedAt: Int64?
    )] {
        var found: [(key: RecordKey, object: ObjectID, exportedAt: Int64?)] = []
        let ofTenant = tenant == nil ? "" : " AND tenant_id = ?"
        let values: [DatabaseValue] = [.text(kind.rawValue)] + (tenant.map { [$0.databaseValue] } ?? [])
        if kind.isSnapshot {
            // Versions in key order, then (exported_at, object): the last of each key is in force.
            try LazyStatement(
                connection, name: "select latest record versions",
                sql: """
                    SELECT tenant_id, kind, id, exported_at, object FROM record_versions WHERE kind = ?\(ofTenant)
                    ORDER BY tenant_id, kind, id, exported_at, object
                    """
            ).statement.query(values) { row in
                let key = try row.recordKey(at: 0, table: "record_versions")
                let version = (
                    key: key, object: try row.objectID(4, table: "record_versions", key: key.description),
                    exportedAt: Optional(try row.get(3, as: Int64.self))
                )
                if found.last?.key == key { found[found.count - 1] = version } else { found.append(version) }
            }
        } else {
            try LazyStatement(
                connection, name: "select record objects of a kind",
                sql:
                    "SELECT tenant_id, kind, id, object FROM records WHERE kind = ?\(ofTenant) ORDER BY tenant_id, kind, id"
            ).statement
                .query(values) { row in
                    let key = try row.recordKey(at: 0, table: "records")
                    found.append((key, try row.objectID(3, table: "records", key: key.description), nil))
                }
        }
        return found.sorted { $0.key < $1.key }
    }
}

extension EventTable {
    /// The keys of every FAILED event (what `retry` re-attempts).
    func failedKeys() throws -> [ScopedID] {
        try LazyStatement(
            connection, name: "select failed events", sql: "SELECT tenant_id, id FROM events WHERE status = 'FAILED'"
        ).statement
            .fetchAll([]) { ScopedID(try $0.tenantID(0), try $0.get(1)) }
    }
}

extension BookingTable {
    /// Every booking, by tenant and id.
    func all() throws -> [Booking] {
        try LazyStatement(
            connection, name: "select all bookings",
            sql: "SELECT \(Booking.columns) FROM bookings ORDER BY tenant_id, id"
        )
        .statement.fetchAll([]) { try Booking(row: $0) }
    }
}

extension LedgerLineTable {
    /// The whole ledger's lines, in sequence order.
    func all() throws -> [LedgerLine] {
        try LazyStatement(
            connection, name: "select all ledger lines",
            sql: "SELECT \(Self.columns) FROM ledger_lines ORDER BY sequence"
        )
        .statement.fetchAll([], Self.line)
    }

    /// The lines of each of `bookings`, in sequence order.
    func lines(ofBookings bookings: [ScopedID]) throws -> [LedgerLine] {
        var found: [LedgerLine] = []
        try BatchStatement(connection, name: "select ledger lines of bookings") { rows in
            BatchStatement.keyed(Self.columns, from: "ledger_lines", by: ["tenant_id", "booking_id"], rows: rows)
        }.query(
            Array(Set(bookings)),
            values: {
                $1.append($0.tenantID.databaseValue)
                $1.append(.text($0.id))
            }
        ) { row in
            found.append(try Self.line(row))
        }
        return found.sorted { $0.sequence < $1.sequence }
    }
}

extension RecordTable {
    /// How many records of each kind are stored (`status`).
    func countsByKind() throws -> [RecordKind: Int] {
        var counts: [RecordKind: Int] = [:]
        try LazyStatement(
            connection, name: "count records by kind", sql: "SELECT kind, COUNT(*) FROM records GROUP BY kind"
        ).statement
            .query([]) { row in
                counts[try row.enumeration(0, as: RecordKind.self, table: "records", key: "count")] = try row.get(1)
            }
        return counts
    }
}

extension IngestedFileTable {
    func count() throws -> Int {
        try LazyStatement(connection, name: "count files", sql: "SELECT COUNT(*) FROM files").statement.fetchOne([]) {
            try $0.get(0)
        } ?? 0
    }
}

extension BookingTable {
    func count() throws -> Int {
        try LazyStatement(connection, name: "count bookings", sql: "SELECT COUNT(*) FROM bookings").statement.fetchOne(
            []) { try $0.get(0) } ?? 0
    }
}

/// What a night's reconciliation reads beyond its records' own keys: a tenant's whole share when
/// the tenant's terms changed, and the bookings whose settlement window ends between two runs.
extension BookingTable {
    /// Every booking of `tenant`.
    func all(of tenant: TenantID) throws -> [Booking] {
        try LazyStatement(
            connection, name: "select bookings of a tenant",
            sql: "SELECT \(Booking.columns) FROM bookings WHERE tenant_id = ?"
        )
        .statement.fetchAll([tenant.databaseValue]) { try Booking(row: $0) }
    }

    /// The bookings paid at or after `from` and before `to` (unix seconds), by the paid-at index.
    func keys(paidFrom from: Int64, before to: Int64) throws -> [ScopedID] {
        try LazyStatement(
            connection, name: "select bookings by paid time",
            sql: """
                SELECT tenant_id, id FROM bookings WHERE paid_at >= ? AND paid_at < ?
                """
        ).statement.fetchAll([.integer(from), .integer(to)]) { ScopedID(try $0.tenantID(0), try $0.get(1)) }
    }
}

extension RecordTable {
    /// The keys of `tenant`'s records of `kind`, by the records' primary key.
    func keys(of kind: RecordKind, tenant: TenantID) throws -> [RecordKey] {
        try LazyStatement(
            connection, name: "select record keys of a tenant",
            sql: """
                SELECT tenant_id, kind, id FROM records WHERE tenant_id = ? AND kind = ?
                """
        ).statement.fetchAll([tenant.databaseValue, .text(kind.rawValue)]) { try $0.recordKey(at: 0, table: "records") }
    }
}

extension StateDatabase {
    /// Every tenant id that names a record, a ledger booking or an open item, each once (by its
    /// bytes), unordered. A skip scan of each table's primary key: one index seek per tenant, not
    /// a read of every row.
    func tenantsWithRows() throws -> [TenantID] {
        var seen = Set<[UInt8]>()
        var tenants: [TenantID] = []
        for table in ["records", "bookings", "open_items"] {
            let first = LazyStatement(
                connection, name: "select first tenant of \(table)", sql: "SELECT MIN(tenant_id) FROM \(table)")
            let next = LazyStatement(
                connection, name: "select next tenant of \(table)",
                sql: """
                    SELECT tenant_id FROM \(table) WHERE tenant_id > ? ORDER BY tenant_id LIMIT 1
                    """)
            var tenant = try first.statement.fetchOne([]) { row -> String? in try row.get(0) } ?? nil
            while let t = tenant {
                if seen.insert(Array(t.utf8)).inserted { tenants.append(TenantID(t)) }
                tenant = try next.statement.fetchOne([.text(t)]) { row -> String in try row.get(0) }
            }
        }
        return tenants
    }
}
