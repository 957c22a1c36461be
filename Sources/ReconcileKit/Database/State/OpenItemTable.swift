/// The run's open reconciliation exceptions (`open_items`, SPEC §6) by `(tenant, kind, references)`,
/// each as the report lists it. A resolved item keeps its row, marked with the day and run that
/// resolved it, until it opens again. A night reads the open items its records touch (by ledger
/// booking, platform booking or bank entry) and, for the report, the open ones: what is open,
/// never the history.
final class OpenItemTable {
    private static let columnNames = [
        "tenant_id", "kind", "refs", "first_seen_run", "first_seen", "last_seen", "fingerprint", "amount", "currency",
        "changed_run", "booking_ref", "event_id", "expected", "actual", "detail", "source", "ledger_booking_id",
        "platform_booking_id", "bank_entry_id", "bank_date", "bank_reference", "bank_account",
    ]
    private static let columns = columnNames.joined(separator: ", ")
    private let selectOpen: LazyStatement
    private let selectOpenOfTenant: LazyStatement
    private let byLedgerBooking: BatchStatement
    private let byPlatformBooking: BatchStatement
    private let byBankEntry: BatchStatement
    private let upsertItems: BatchStatement
    private let resolveItems: BatchStatement

    init(_ db: any DatabaseConnection) {
        selectOpen = LazyStatement(
            db, name: "select open items",
            sql: """
                SELECT \(Self.columns) FROM open_items WHERE resolved_run IS NULL ORDER BY tenant_id, kind, refs
                """)
        selectOpenOfTenant = LazyStatement(
            db, name: "select open items of a tenant",
            sql: """
                SELECT \(Self.columns) FROM open_items WHERE tenant_id = ? AND resolved_run IS NULL
                """)
        func touching(
            _ name: String, _ keyColumns: [String], where condition: String = "open_items.resolved_run IS NULL"
        ) -> BatchStatement {
            BatchStatement(db, name: name) { rows in
                BatchStatement.keyed(
                    Self.columnNames.map { "open_items.\($0)" }.joined(separator: ", "), from: "open_items",
                    by: keyColumns, rows: rows, then: "WHERE \(condition)")
            }
        }
        byLedgerBooking = touching("select open items by ledger booking", ["tenant_id", "ledger_booking_id"])
        byPlatformBooking = touching("select open items by platform booking", ["tenant_id", "platform_booking_id"])
        byBankEntry = touching(
            "select open items by bank entry", ["bank_entry_id"],
            where: "open_items.resolved_run IS NULL AND open_items.bank_entry_id IS NOT NULL")
        let updates = Self.columnNames.dropFirst(3).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        upsertItems = BatchStatement(db, name: "upsert open items", maxRows: 32) { rows in
            """
            INSERT INTO open_items (\(Self.columns)) VALUES \(BatchStatement.tuples(rows, width: Self.columnNames.count))
            ON CONFLICT (tenant_id, kind, refs) DO UPDATE SET \(updates), resolved = NULL, resolved_run = NULL
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

    private static func read(_ row: any DatabaseRow, into open: inout OpenItems) throws {
        let key = OpenItems.Key(tenant: try row.tenantID(0), kind: try row.get(1), references: try row.get(2))
        var exception: ReconciliationException?
        // A kind or source this build does not know is read as a row stored before the open items
        // held whole rows: no exception.
        if let detail: String = try row.get(14), let kind = ExceptionKind(rawValue: key.kind) {
            let sourceText: String? = try row.get(15)
            let bankEntryID: String? = try row.get(18)
            let source = sourceText.flatMap(ReconciliationException.Source.init(rawValue:))
            var e = ReconciliationException(
                kind: kind, source: source, tenantID: key.tenant, bookingID: try row.get(16),
                platformBookingID: try row.get(17), bankEntryIDs: bankEntryID.map { [$0] } ?? [],
                bookingRef: .some(try row.get(10)), eventID: try row.get(11), expected: try row.get(12),
                actual: try row.get(13), currency: try row.get(8), detail: detail)
            e.bankBookingDate = try row.get(19)
            e.bankReference = try row.get(20)
            e.bankAccount = try row.get(21)
            exception = e
        }
        open.items[key] = OpenItems.Item(
            firstSeenRun: try row.get(3), firstSeen: try row.get(4), lastSeen: try row.get(5),
            fingerprint: UInt64(bitPattern: try row.get(6, as: Int64.self)),
            amountCents: try row.get(7), currency: try row.get(8), changedRun: try row.get(9),
            exception: exception)
    }

    /// Every open item.
    func open() throws -> OpenItems {
        var open = OpenItems()
        try selectOpen.statement.query([]) { try Self.read($0, into: &open) }
        return open
    }

    /// The open items of `tenants`.
    func open(tenants: [TenantID]) throws -> OpenItems {
        var open = OpenItems()
        for tenant in tenants {
            try selectOpenOfTenant.statement.query([tenant.databaseValue]) { try Self.read($0, into: &open) }
        }
        return open
    }

    /// The open items that name any of the ledger bookings, platform bookings or bank entries (or
    /// statements) given; bank entries by id alone, in whichever tenant the item is. (An item that
    /// names several bank entries names a booking too, and is found by it.)
    func open(ledger: [ScopedID], platform: [ScopedID], bankEntries: [String]) throws -> OpenItems {
        var open = OpenItems()
        func scoped(_ key: ScopedID, _ values: inout [DatabaseValue]) {
            values += [key.tenantID.databaseValue, .text(key.id)]
        }
        try byLedgerBooking.query(Array(Set(ledger)), values: scoped) { try Self.read($0, into: &open) }
        try byPlatformBooking.query(Array(Set(platform)), values: scoped) { try Self.read($0, into: &open) }
        try byBankEntry.query(Array(Set(bankEntries)), values: { $1.append(.text($0)) }) {
            try Self.read($0, into: &open)
        }
        return open
    }

    /// Stores a run's outcome: every item of `open` as given (first seen kept, last seen updated, a
    /// resolved row opened again), and the open rows of `resolved` marked resolved on `day`
    /// (`YYYY-MM-DD`) by `runID`. A key both open and resolved stays open; a resolved key with no
    /// open row is left as it is.
    func save(_ open: OpenItems, resolved: [OpenItems.Key], asOf day: String, runID: String) throws {
        try resolveItems.execute(Array(Set(resolved)).sorted()) { key, values in
            values.append(contentsOf: [
                key.tenant.databaseValue, .text(key.kind), .text(key.references), .text(day), .text(runID),
            ])
        }
        try upsertItems.execute(open.items.keys.sorted()) { key, values in
            let item = open.items[key]!
            let e = item.exception
            values.append(contentsOf: [
                key.tenant.databaseValue, .text(key.kind), .text(key.references), .text(item.firstSeenRun),
                .text(item.firstSeen),
                .text(item.lastSeen), .integer(Int64(bitPattern: item.fingerprint)), DatabaseValue(item.amountCents),
                DatabaseValue(item.currency), DatabaseValue(item.changedRun), DatabaseValue(e?.bookingRef),
                DatabaseValue(e?.eventID),
                DatabaseValue(e?.expected), DatabaseValue(e?.actual), DatabaseValue(e?.detail),
                DatabaseValue(e?.source?.rawValue),
                DatabaseValue(e?.bookingID), DatabaseValue(e?.platformBookingID), DatabaseValue(e?.bankEntryID),
                DatabaseValue(e?.bankBookingDate), DatabaseValue(e?.bankReference), DatabaseValue(e?.bankAccount),
            ])
        }
    }
}
