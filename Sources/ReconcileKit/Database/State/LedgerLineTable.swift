/// The append-only ledger (`ledger_lines`), read by statement: one tenant's month, and the
/// tenant-months that gained lines since a sequence (the statements a night must rebuild).
final class LedgerLineTable {
    /// One tenant's statement month, `YYYY-MM` (``CalendarDate/monthText`` of a line's date).
    struct TenantMonth: Hashable, Sendable {
        let tenantID: TenantID
        let month: String

        init(_ tenantID: TenantID, _ month: String) {
            self.tenantID = tenantID
            self.month = month
        }
    }

    static let columns = """
        sequence, kind, time, tenant_id, booking_id, event_id, event_tenant_id, currency, rate_basis_points, gross, \
        commission, refund, commission_reversed
        """
    private let insert: BatchStatement
    private let selectMonth: LazyStatement
    private let selectMonthsSince: LazyStatement
    private let selectLastSequence: LazyStatement

    let connection: any DatabaseConnection

    init(_ db: any DatabaseConnection) {
        connection = db
        insert = BatchStatement(
            db, name: "insert ledger lines", maxRows: 128, insertInto: "ledger_lines",
            columns: Self.columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } + ["month"])
        selectMonth = LazyStatement(
            db, name: "select ledger lines of a month",
            sql: """
                SELECT \(Self.columns) FROM ledger_lines WHERE tenant_id = ? AND month = ? ORDER BY sequence
                """)
        selectMonthsSince = LazyStatement(
            db, name: "select tenant-months since",
            sql: """
                SELECT DISTINCT tenant_id, month FROM ledger_lines WHERE sequence > ?
                """)
        selectLastSequence = LazyStatement(
            db, name: "select last ledger sequence",
            sql: "SELECT COALESCE(MAX(sequence), 0) FROM ledger_lines")
    }

    /// Appends lines; a sequence a tenant already has is a ``DatabaseError/Kind/uniqueViolation``,
    /// and a line whose booking is not stored a ``DatabaseError/Kind/foreignKeyViolation``.
    func append(_ lines: [LedgerLine]) throws {
        try insert.execute(lines) { line, values in
            values.append(contentsOf: [
                .integer(Int64(line.sequence)), .text(line.kind.rawValue), .integer(line.time),
                line.tenantID.databaseValue,
                .text(line.bookingID), .text(line.eventID), line.eventTenantID.databaseValue, .text(line.currency),
                .integer(line.rate.value), .integer(line.gross), .integer(line.commission), .integer(line.refund),
                .integer(line.commissionReversed), .text(line.date.monthText),
            ])
        }
    }

    /// The lines of one tenant's month, in ledger order.
    func lines(of key: TenantMonth) throws -> [LedgerLine] {
        try selectMonth.statement.fetchAll([key.tenantID.databaseValue, .text(key.month)], Self.line)
    }

    /// The lines of each of `months`, in ledger order.
    func lines(of months: [TenantMonth]) throws -> [LedgerLine] {
        var found: [LedgerLine] = []
        try BatchStatement(connection, name: "select ledger lines of months") { rows in
            BatchStatement.keyed(Self.columns, from: "ledger_lines", by: ["tenant_id", "month"], rows: rows)
        }.query(Array(Set(months)), values: { $1 += [$0.tenantID.databaseValue, .text($0.month)] }) {
            found.append(try Self.line($0))
        }
        return found.sorted { $0.sequence < $1.sequence }
    }

    /// The months (of their dates) in which `tenant` has lines.
    func months(of tenant: TenantID) throws -> [String] {
        try LazyStatement(
            connection, name: "select months of a tenant",
            sql: """
                SELECT DISTINCT month FROM ledger_lines WHERE tenant_id = ?
                """
        ).statement.fetchAll([tenant.databaseValue]) { try $0.get(0, as: String.self) }.sorted()
    }

    /// The sums of the lines of each of `months` below sequence `before`, per currency as stored.
    func flows(of months: [TenantMonth], before: Int) throws -> [(
        month: TenantMonth, currency: String, flows: RunReport.Flows
    )] {
        var found: [(month: TenantMonth, currency: String, flows: RunReport.Flows)] = []
        let sums = BatchStatement(connection, name: "sum ledger lines of months") { rows in
            Self.flowsSQL(months: rows, before: before)
        }
        try sums.query(Array(Set(months)), values: { $1 += [$0.tenantID.databaseValue, .text($0.month)] }) { row in
            var flows = RunReport.Flows()
            flows.grossCents = try row.get(3)
            flows.refundCents = try row.get(4)
            flows.commissionCents = try row.get(5)
            flows.commissionReversedCents = try row.get(6)
            flows.netCents = Commission.tenantNet(
                total: flows.grossCents, commission: flows.commissionCents, refunded: flows.refundCents,
                reversed: flows.commissionReversedCents)
            found.append((TenantMonth(try row.tenantID(0), try row.get(1)), try row.get(2), flows))
        }
        return found
    }

    /// The query of ``flows(of:before:)`` for `months` tenant-months.
    static func flowsSQL(months: Int, before: Int) -> String {
        BatchStatement.keyed(
            "ledger_lines.tenant_id, ledger_lines.month, currency, "
                + ["gross", "refund", "commission", "commission_reversed"].map { "CAST(SUM(\($0)) AS BIGINT)" }.joined(
                    separator: ", "),
            from: "ledger_lines", by: ["tenant_id", "month"], rows: months,
            then:
                "WHERE ledger_lines.sequence < \(Int64(before)) GROUP BY ledger_lines.tenant_id, ledger_lines.month, currency"
        )
    }

    /// A line from a row of ``columns``.
    static func line(_ row: any DatabaseRow) throws -> LedgerLine {
        let sequence: Int = try row.get(0)
        let tenantID = try row.tenantID(3)
        return LedgerLine(
            sequence: sequence,
            kind: try row.enumeration(
                1, as: LedgerLine.Kind.self, table: "ledger_lines", key: "\(tenantID)/\(sequence)"),
            time: try row.get(2), tenantID: tenantID, bookingID: try row.get(4), eventID: try row.get(5),
            eventTenantID: try row.tenantID(6), currency: try row.get(7), rate: BasisPoints(try row.get(8)),
            gross: try row.get(9), commission: try row.get(10), refund: try row.get(11),
            commissionReversed: try row.get(12))
    }

    /// The tenant-months with a line whose sequence is above `sequence`, sorted by tenant (UTF-8
    /// bytes) then month.
    func tenantMonths(since sequence: Int) throws -> [TenantMonth] {
        try selectMonthsSince.statement.fetchAll([.integer(Int64(sequence))]) { row in
            TenantMonth(try row.tenantID(0), try row.get(1))
        }.sorted { $0.tenantID != $1.tenantID ? $0.tenantID < $1.tenantID : $0.month < $1.month }
    }

    /// The highest sequence in the ledger, 0 when it is empty.
    func lastSequence() throws -> Int {
        try selectLastSequence.statement.fetchOne { try $0.get(0, as: Int.self) } ?? 0
    }
}
