/// Each statement's totals as last built (`statement_totals`): a month's index and summary list
/// every tenant of the month from here, without reading the month's lines.
final class StatementTotalsTable {
    private static let columnNames = [
        "tenant_id", "month", "currency", "bookings", "refunds", "gross", "commission", "refund",
        "commission_reversed", "net",
    ]
    private static let columns = columnNames.joined(separator: ", ")
    private let upsertRows: BatchStatement
    private let byMonth: BatchStatement
    private let byStatement: BatchStatement

    init(_ db: any DatabaseConnection) {
        let updates = Self.columnNames.dropFirst(2).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        upsertRows = BatchStatement(db, name: "upsert statement totals", maxRows: 64) { rows in
            """
            INSERT INTO statement_totals (\(Self.columns)) VALUES \(BatchStatement.tuples(rows, width: 10))
            ON CONFLICT (tenant_id, month) DO UPDATE SET \(updates)
            """
        }
        byMonth = BatchStatement(db, name: "select statement totals by month") { rows in
            BatchStatement.keyed(Self.columns, from: "statement_totals", by: ["month"], rows: rows)
        }
        byStatement = BatchStatement(db, name: "select statement totals") { rows in
            BatchStatement.keyed(Self.columns, from: "statement_totals", by: ["tenant_id", "month"], rows: rows)
        }
    }

    /// The stored currency and totals of each of `ids` that has them.
    func load(_ ids: [StatementID]) throws -> [StatementID: (currency: String, totals: CommissionStatement.Totals)] {
        var found: [StatementID: (currency: String, totals: CommissionStatement.Totals)] = [:]
        try byStatement.query(ids, values: { $1 += [$0.tenant.databaseValue, .text($0.month)] }) { row in
            found[StatementID(tenant: try row.tenantID(0), month: try row.get(1))] = (
                try row.get(2), try Self.totals(row)
            )
        }
        return found
    }

    /// The totals of a row of ``columns``.
    private static func totals(_ row: any DatabaseRow) throws -> CommissionStatement.Totals {
        CommissionStatement.Totals(
            bookings: try row.get(3), refunds: try row.get(4), grossCents: try row.get(5),
            commissionCents: try row.get(6),
            refundCents: try row.get(7), commissionReversedCents: try row.get(8), netCents: try row.get(9))
    }

    /// Stores the totals of `statements`.
    func save(_ statements: [CommissionStatement]) throws {
        try upsertRows.execute(statements.lastOfEachKey { StatementID(tenant: $0.tenantID, month: $0.month) }) {
            s, values in
            let t = s.totals
            values += [
                s.tenantID.databaseValue, .text(s.month), .text(s.currency), .integer(Int64(t.bookings)),
                .integer(Int64(t.refunds)),
                .integer(t.grossCents), .integer(t.commissionCents), .integer(t.refundCents),
                .integer(t.commissionReversedCents), .integer(t.netCents),
            ]
        }
    }

    /// The index of each of `months`, every tenant's entry named from `tenants`.
    func indexes(of months: Set<String>, tenants: TenantDirectory) throws -> [MonthIndex] {
        var entries: [String: [MonthIndex.Entry]] = [:]
        try byMonth.query(Array(months), values: { $1.append(.text($0)) }) { row in
            let tenant = try row.tenantID(0)
            let totals = try Self.totals(row)
            entries[try row.get(1), default: []].append(
                MonthIndex.Entry(
                    tenantID: tenant, tenantName: tenants.latest(tenant)?.name ?? tenant.rawValue,
                    currency: try row.get(2), totals: totals))
        }
        return months.sorted().compactMap { month in entries[month].map { MonthIndex(month: month, entries: $0) } }
    }
}
