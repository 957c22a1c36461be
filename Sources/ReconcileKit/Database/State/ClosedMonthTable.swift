/// The months finance has closed (`closed_months`), for every tenant at once. A closing is written
/// once: closing a closed month again is the engine's ``DatabaseError/Kind/uniqueViolation``.
final class ClosedMonthTable {
    private let selectAll: LazyStatement
    private let insert: LazyStatement

    init(_ db: any DatabaseConnection) {
        selectAll = LazyStatement(
            db, name: "select closed months", sql: "SELECT month, run_id, as_of, line_count FROM closed_months")
        insert = LazyStatement(
            db, name: "insert closed month",
            sql: """
                INSERT INTO closed_months (month, run_id, as_of, line_count) VALUES (?, ?, ?, ?)
                """)
    }

    /// Every closed month (a few a year: the table is read whole).
    func load() throws -> ClosedMonths {
        var closed = ClosedMonths()
        try selectAll.statement.query([]) { row in
            closed.months[try row.get(0)] = ClosedMonths.Closing(
                runID: try row.get(1), asOf: try row.get(2), lineCount: try row.get(3))
        }
        return closed
    }

    /// Records `month` (`YYYY-MM`) as closed.
    func close(month: String, closing: ClosedMonths.Closing) throws {
        try insert.statement.execute([
            .text(month), .text(closing.runID), .integer(closing.asOf), .integer(Int64(closing.lineCount)),
        ])
    }
}
