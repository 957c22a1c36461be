/// What a night's reconciliation looks up by key (docs/store-format.md): the platform
/// bookings in force by each key they match the ledger on, the ids bank references may name, the
/// tokens of the bank's references, each booking's match and settlement as last reconciled, and the
/// last reconciliation's time and window. Identifier and token rows are only ever added: a stale
/// one (a platform booking's earlier confirmation code) makes a night look at one booking more,
/// never less.
final class ReconciliationTable {
    /// A reconciled booking as stored: its sides ("" when absent), match rule and settlement.
    struct Reconciled: Hashable, Sendable {
        let tenantID: TenantID
        let ledgerBookingID: String
        let platformBookingID: String
        let rule: BookingMatch.Rule?
        let settled: Bool
    }

    /// The last reconciliation.
    struct LastRun: Equatable, Sendable {
        let asOf: Int64
        let settlementDays: Int
        let settled: Int
    }

    enum Side: String, Sendable { case ledger, platform }

    private static let platformColumns = "tenant_id, id, checkout_session_id, payment_intent_id, date, object"
    private let platformByID: BatchStatement
    private let platformBySession: BatchStatement
    private let platformByIntent: BatchStatement
    private let platformByDate: BatchStatement
    private let platformOfTenant: LazyStatement
    private let upsertPlatform: BatchStatement
    private let insertIdentifiers: BatchStatement
    private let byIdentifier: BatchStatement
    private let insertTokens: BatchStatement
    private let byToken: BatchStatement
    private let reconciledByLedger: BatchStatement
    private let reconciledByPlatform: BatchStatement
    private let deleteReconciled: BatchStatement
    private let insertReconciled: BatchStatement
    private let deleteAllReconciled: LazyStatement
    private let selectLastRun: LazyStatement
    private let saveLastRun: LazyStatement

    let connection: any DatabaseConnection

    init(_ db: any DatabaseConnection) {
        connection = db
        func platform(_ name: String, by columns: [String]) -> BatchStatement {
            BatchStatement(db, name: name) { rows in
                BatchStatement.keyed(Self.platformColumns, from: "platform_bookings", by: columns, rows: rows)
            }
        }
        platformByID = platform("select platform bookings", by: ["tenant_id", "id"])
        platformBySession = platform("select platform bookings by session", by: ["tenant_id", "checkout_session_id"])
        platformByIntent = platform(
            "select platform bookings by payment intent", by: ["tenant_id", "payment_intent_id"])
        platformByDate = platform("select platform bookings by date", by: ["tenant_id", "date"])
        platformOfTenant = LazyStatement(
            db, name: "select platform bookings of a tenant",
            sql: """
                SELECT \(Self.platformColumns) FROM platform_bookings WHERE tenant_id = ?
                """)
        upsertPlatform = BatchStatement(db, name: "upsert platform bookings", maxRows: 128) { rows in
            """
            INSERT INTO platform_bookings (\(Self.platformColumns)) VALUES \(BatchStatement.tuples(rows, width: 6))
            ON CONFLICT (tenant_id, id) DO UPDATE SET checkout_session_id = excluded.checkout_session_id,
                payment_intent_id = excluded.payment_intent_id, date = excluded.date, object = excluded.object
            """
        }
        insertIdentifiers = BatchStatement(db, name: "insert booking identifiers") { rows in
            """
            INSERT INTO booking_identifiers (tenant_id, identifier, side, id) VALUES \(BatchStatement.tuples(rows, width: 4))
            ON CONFLICT DO NOTHING
            """
        }
        byIdentifier = BatchStatement(db, name: "select bookings by identifier") { rows in
            BatchStatement.keyed(
                "tenant_id, side, id", from: "booking_identifiers", by: ["tenant_id", "identifier"], rows: rows)
        }
        insertTokens = BatchStatement(db, name: "insert bank reference tokens") { rows in
            """
            INSERT INTO bank_reference_tokens (tenant_id, token, id) VALUES \(BatchStatement.tuples(rows, width: 3))
            ON CONFLICT DO NOTHING
            """
        }
        byToken = BatchStatement(db, name: "select bank entries by token") { rows in
            BatchStatement.keyed(
                "tenant_id, id", from: "bank_reference_tokens", by: ["tenant_id", "token"], rows: rows)
        }
        let reconciledColumns = "tenant_id, ledger_booking_id, platform_booking_id, rule, settled"
        reconciledByLedger = BatchStatement(db, name: "select reconciled bookings") { rows in
            BatchStatement.keyed(
                reconciledColumns, from: "reconciled_bookings", by: ["tenant_id", "ledger_booking_id"], rows: rows)
        }
        reconciledByPlatform = BatchStatement(db, name: "select reconciled bookings by platform booking") { rows in
            BatchStatement.keyed(
                reconciledColumns, from: "reconciled_bookings", by: ["tenant_id", "platform_booking_id"], rows: rows)
        }
        // SQLite has no DELETE … USING: one keyed delete per row (in process, cheap); PostgreSQL
        // deletes a chunk per round trip.
        deleteReconciled =
            db.engine == .sqlite
            ? BatchStatement(db, name: "delete reconciled bookings", maxRows: 1) { _ in
                "DELETE FROM reconciled_bookings WHERE tenant_id = ? AND ledger_booking_id = ? AND platform_booking_id = ?"
            }
            : BatchStatement(db, name: "delete reconciled bookings") { rows in
                """
                DELETE FROM reconciled_bookings USING (VALUES \(BatchStatement.tuples(rows, width: 3))) AS k (t, l, p)
                WHERE reconciled_bookings.tenant_id = k.t AND reconciled_bookings.ledger_booking_id = k.l
                    AND reconciled_bookings.platform_booking_id = k.p
                """
            }
        insertReconciled = BatchStatement(
            db, name: "insert reconciled bookings", maxRows: 128, insertInto: "reconciled_bookings",
            columns: reconciledColumns.components(separatedBy: ", "))
        deleteAllReconciled = LazyStatement(
            db, name: "delete all reconciled bookings", sql: "DELETE FROM reconciled_bookings")
        selectLastRun = LazyStatement(
            db, name: "select reconciliation",
            sql: """
                SELECT as_of, settlement_days, settled FROM reconciliation WHERE singleton = 1
                """)
        saveLastRun = LazyStatement(
            db, name: "save reconciliation",
            sql: """
                INSERT INTO reconciliation (singleton, as_of, settlement_days, settled) VALUES (1, ?, ?, ?)
                ON CONFLICT (singleton) DO UPDATE SET as_of = excluded.as_of, settlement_days = excluded.settlement_days,
                    settled = excluded.settled
                """)
    }

    // MARK: Platform bookings

    /// A stored platform booking's keys and the object of its version in force.
    struct PlatformRow: Sendable {
        let key: ScopedID
        let checkoutSessionID: String?
        let paymentIntentID: String?
        let date: String
        let object: ObjectID
    }

    private func platformRows(_ statement: BatchStatement, _ keys: [[DatabaseValue]]) throws -> [PlatformRow] {
        var rows: [PlatformRow] = []
        try statement.query(Array(Set(keys)), values: { $1.append(contentsOf: $0) }) { row in
            rows.append(try Self.platformRow(row))
        }
        return rows
    }

    private static func platformRow(_ row: any DatabaseRow) throws -> PlatformRow {
        let key = ScopedID(try row.tenantID(0), try row.get(1))
        return PlatformRow(
            key: key, checkoutSessionID: try row.get(2), paymentIntentID: try row.get(3), date: try row.get(4),
            object: try row.objectID(5, table: "platform_bookings", key: key.description))
    }

    func platformBookings(_ keys: [ScopedID]) throws -> [PlatformRow] {
        try platformRows(platformByID, keys.map { [$0.tenantID.databaseValue, .text($0.id)] })
    }

    func platformBookings(bySession keys: [ScopedID]) throws -> [PlatformRow] {
        try platformRows(platformBySession, keys.map { [$0.tenantID.databaseValue, .text($0.id)] })
    }

    func platformBookings(byPaymentIntent keys: [ScopedID]) throws -> [PlatformRow] {
        try platformRows(platformByIntent, keys.map { [$0.tenantID.databaseValue, .text($0.id)] })
    }

    func platformBookings(byDate keys: [BookingTable.DateKey]) throws -> [PlatformRow] {
        try platformRows(platformByDate, keys.map { [$0.tenantID.databaseValue, .text($0.date.text)] })
    }

    func platformBookings(ofTenant tenant: TenantID) throws -> [PlatformRow] {
        var rows: [PlatformRow] = []
        try platformOfTenant.statement.query([tenant.databaseValue]) { rows.append(try Self.platformRow($0)) }
        return rows
    }

    /// Stores the version in force of each booking, and the ids a bank reference may name it by.
    func upsert(platform bookings: [PlatformBooking]) throws {
        let latest = bookings.lastOfEachKey { ScopedID($0.tenantID, $0.id) }
        try upsertPlatform.execute(latest) { b, values in
            values.append(contentsOf: [
                b.tenantID.databaseValue, .text(b.id), DatabaseValue(b.checkoutSessionID),
                DatabaseValue(b.paymentIntentID), .text(b.date.text), b.objectID.databaseValue,
            ])
        }
        try addIdentifiers(latest.map { (ScopedID($0.tenantID, $0.id), .platform, Self.identifiers(of: $0)) })
    }

    // MARK: Identifiers and reference tokens

    /// The ids a bank reference may name a platform booking by, as references are compared
    /// (``ReconciledBooking/namedAs``: one definition for the whole and the night's reconciliation).
    static func identifiers(of b: PlatformBooking) -> [String] {
        ReconciledBooking(tenantID: b.tenantID, ledger: nil, platform: b).namedAs
    }

    /// The ids a bank reference may name a ledger booking by.
    static func identifiers(of b: Booking) -> [String] {
        ReconciledBooking(tenantID: b.tenantID, ledger: b, platform: nil).namedAs
    }

    /// Stores the ids a bank reference may name `bookings` by; in key order, as B-trees take a
    /// bulk load fastest.
    func addIdentifiers(_ bookings: [(key: ScopedID, side: Side, identifiers: [String])]) throws {
        var rows: [[String]] = []
        for (key, side, identifiers) in bookings {
            for identifier in identifiers { rows.append([key.tenantID.rawValue, identifier, side.rawValue, key.id]) }
        }
        try insertIdentifiers.execute(Self.inKeyOrder(rows)) { row, values in values += row.map { .text($0) } }
    }

    /// Rows of texts sorted as the engine's keys compare them (UTF-8 bytes).
    private static func inKeyOrder(_ rows: [[String]]) -> [[String]] {
        rows.sorted { a, b in
            for (x, y) in zip(a, b) {
                let order = x.utf8Compare(y)
                if order != 0 { return order < 0 }
            }
            return false
        }
    }

    /// The bookings, by side, holding any of `identifiers` (tenant, upper-cased id).
    func bookings(named identifiers: [ScopedID]) throws -> [(side: Side, key: ScopedID)] {
        var found: [(Side, ScopedID)] = []
        try byIdentifier.query(
            Array(Set(identifiers)),
            values: {
                $1.append($0.tenantID.databaseValue)
                $1.append(.text($0.id))
            }
        ) { row in
            found.append(
                (
                    try row.enumeration(1, as: Side.self, table: "booking_identifiers", key: "-"),
                    ScopedID(try row.tenantID(0), try row.get(2))
                ))
        }
        return found
    }

    /// Stores the tokens of bank entries' references.
    func addTokens(of entries: [(key: ScopedID, references: [String])]) throws {
        var rows: [[String]] = []
        for (key, references) in entries {
            for token in ReferenceIndex.tokens(of: references) { rows.append([key.tenantID.rawValue, token, key.id]) }
        }
        try insertTokens.execute(Self.inKeyOrder(rows)) { row, values in values += row.map { .text($0) } }
    }

    /// Whether any bank entry stored under `tenant` has a reference token.
    func hasTokens(of tenant: TenantID) throws -> Bool {
        try LazyStatement(
            connection, name: "select any token of a tenant",
            sql: """
                SELECT 1 FROM bank_reference_tokens WHERE tenant_id = ? LIMIT 1
                """
        ).statement.fetchOne([tenant.databaseValue]) { _ in true } ?? false
    }

    /// The bank entries stored under each token's tenant whose references hold the token (upper-cased).
    func bankEntries(naming tokens: [ScopedID]) throws -> [ScopedID] {
        var found: [ScopedID] = []
        try byToken.query(
            Array(Set(tokens)),
            values: {
                $1.append($0.tenantID.databaseValue)
                $1.append(.text($0.id))
            }
        ) { row in
            found.append(ScopedID(try row.tenantID(0), try row.get(1)))
        }
        return found
    }

    // MARK: Reconciled bookings

    private static func reconciled(_ row: any DatabaseRow) throws -> Reconciled {
        Reconciled(
            tenantID: try row.tenantID(0), ledgerBookingID: try row.get(1), platformBookingID: try row.get(2),
            rule: try row.optionalEnumeration(3, as: BookingMatch.Rule.self, table: "reconciled_bookings", key: "-"),
            settled: try row.get(4, as: Int64.self) == 1)
    }

    /// The stored reconciled bookings with a ledger side among `ledger` or a platform side among `platform`.
    func reconciled(ledger: [ScopedID], platform: [ScopedID]) throws -> Set<Reconciled> {
        var found: Set<Reconciled> = []
        func values(_ key: ScopedID, _ values: inout [DatabaseValue]) {
            values += [key.tenantID.databaseValue, .text(key.id)]
        }
        try reconciledByLedger.query(Array(Set(ledger)), values: values) { found.insert(try Self.reconciled($0)) }
        try reconciledByPlatform.query(Array(Set(platform)), values: values) { found.insert(try Self.reconciled($0)) }
        return found
    }

    /// Replaces the `old` reconciled bookings with the `new` ones; the old are deleted in key order,
    /// not a set's per-process order, so the database file's pages are the same on every run.
    func replace(_ old: Set<Reconciled>, with new: [Reconciled]) throws {
        let keyOrder = old.sorted {
            ($0.tenantID.rawValue, $0.ledgerBookingID, $0.platformBookingID)
                < ($1.tenantID.rawValue, $1.ledgerBookingID, $1.platformBookingID)
        }
        try deleteReconciled.execute(keyOrder) { r, values in
            values += [r.tenantID.databaseValue, .text(r.ledgerBookingID), .text(r.platformBookingID)]
        }
        try insertReconciled.execute(new) { r, values in
            values += [
                r.tenantID.databaseValue, .text(r.ledgerBookingID), .text(r.platformBookingID),
                DatabaseValue(r.rule?.rawValue), .integer(r.settled ? 1 : 0),
            ]
        }
    }

    /// Every matched pair, by tenant and ledger booking (the statements show the platform's id).
    func matches() throws -> [BookingMatch] {
        try LazyStatement(
            connection, name: "select matches",
            sql: """
                SELECT tenant_id, ledger_booking_id, platform_booking_id, rule FROM reconciled_bookings WHERE rule IS NOT NULL
                ORDER BY tenant_id, ledger_booking_id
                """
        ).statement.fetchAll([]) { row in
            BookingMatch(
                tenantID: try row.tenantID(0), bookingID: try row.get(1), platformBookingID: try row.get(2),
                rule: try row.enumeration(3, as: BookingMatch.Rule.self, table: "reconciled_bookings", key: "-"))
        }
    }

    /// Removes every reconciled booking (before a night that re-examines everything).
    func removeAll() throws {
        _ = try deleteAllReconciled.statement.execute([])
    }

    // MARK: The last reconciliation

    func lastRun() throws -> LastRun? {
        var last: LastRun?
        try selectLastRun.statement.query([]) { row in
            last = LastRun(asOf: try row.get(0), settlementDays: try row.get(1), settled: try row.get(2))
        }
        return last
    }

    func save(_ run: LastRun) throws {
        _ = try saveLastRun.statement.execute([
            .integer(run.asOf), .integer(Int64(run.settlementDays)), .integer(Int64(run.settled)),
        ])
    }
}
