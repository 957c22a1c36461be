extension StateDatabase {
    /// Every open month's statement rebuilt from the stored ledger (as a night builds it, a batch of
    /// tenant-months at a time) against the totals stored for it, which a month's index.html and
    /// summary.csv list: a stored total its lines no longer make, or a statement without one, is
    /// named. A statement the outbox cannot name is never stored and is not looked for; a closed
    /// month's statements are never built again and are not checked. Lines and totals are read
    /// from one snapshot: a run commits both together.
    func verifyStatementTotals(limit: Int) throws -> [StateProblem] {
        var problems = ProblemList(limit: limit)
        try connection.snapshot {
            try NightStatements(figuresOf: self, closed: try closedMonths.load()).eachStatement { statements in
                let writable = try OutboxWriter.sortOut(statements).writable
                let stored = try statementTotals.load(
                    writable.map { StatementID(tenant: $0.tenantID, month: $0.month) })
                for statement in writable {
                    let key = "\(statement.tenantID.rawValue)/\(statement.month)"
                    let made = Self.describe(statement.currency, statement.totals)
                    guard
                        let (currency, totals) = stored[StatementID(tenant: statement.tenantID, month: statement.month)]
                    else {
                        problems.append(
                            StateProblem(
                                .ledger, table: "statement_totals", key: key, "no totals stored; its lines make \(made)"
                            ))
                        continue
                    }
                    guard currency != statement.currency || totals != statement.totals else { continue }
                    problems.append(
                        StateProblem(
                            .ledger, table: "statement_totals", key: key,
                            "stored \(Self.describe(currency, totals)), but its lines make \(made)"))
                }
            }
        }
        return problems.all(kind: .ledger, table: "statement_totals")
    }

    private static func describe(_ currency: String, _ t: CommissionStatement.Totals) -> String {
        "\(currency) \(t.bookings) bookings, \(t.refunds) refunds, gross \(t.grossCents), commission \(t.commissionCents), "
            + "refund \(t.refundCents), commission reversed \(t.commissionReversedCents), net \(t.netCents)"
    }
}
