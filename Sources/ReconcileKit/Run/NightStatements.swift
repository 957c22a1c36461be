/// The commission statements a night builds (SPEC §6, issue 17 §5), and the money section of its
/// report.
///
/// A statement (tenant, month) shows its month's lines, each with its booking's figures, the
/// platform's booking id and the exceptions open on the booking, and the tenant's name. So a night
/// rebuilds the statements of the months its new lines fall in, of the months in which the
/// bookings reconciliation re-examined have lines, and every month of a tenant whose export
/// changed; it reads those months' lines alone. A month's index and summary list every tenant of
/// the month from the stored statement totals. When the outbox does not hold the statements of
/// the run the state comes from (or the totals are not stored yet), every statement is built
/// from the whole ledger.
struct NightStatements {
    let db: StateDatabase
    let tenants: TenantDirectory
    let closed: ClosedMonths
    /// Every open item after tonight's reconciliation.
    let openItems: ExceptionTable

    struct Built {
        /// The month indexes to write; nil: from the statements built.
        var months: [MonthIndex]?
        var money: RunReport.Money
    }

    /// Takes the statements as they are built, a batch at a time in the outbox's order (month,
    /// then tenant), with the scope the outbox compares; a night holds one batch at a time.
    typealias Sink = (inout [CommissionStatement], StatementScope) throws -> Void

    /// How many statements a night builds at once.
    static let batch = 512

    /// Every statement, from the whole ledger.
    func all(index: RecordIndex, firstNewLine: Int, parentRunID: String?, outbox: OutboxWriter, into sink: Sink) throws -> Built {
        let whole = try db.wholeLedger()
        let context = StatementContext(matches: try db.reconciliation.matches(), openItems: openItems)
        // A closed month's statements are never written again (issue 19).
        let statements = StatementBuilder.statements(ledger: whole, tenants: tenants, context: context, closed: closed)
            .filter { !closed.isClosed($0.month) }
        try db.statementTotals.save(try OutboxWriter.sortOut(statements).writable)
        let scope = ChangedStatements.scope(ledger: whole, firstNewLine: firstNewLine, index: index, statements: statements,
                                            closed: closed, parentRunID: parentRunID, outbox: outbox)
        let money = RunReport.Money(lines: whole.lines, firstNewLine: firstNewLine)
        Discard.onAnotherThread(whole)
        var start = 0
        while start < statements.count {
            let month = statements[start].month
            var end = start
            while end < statements.count, statements[end].month == month { end += 1 }
            var batch = Array(statements[start..<end])
            try sink(&batch, scope)
            start = end
        }
        return Built(months: nil, money: money)
    }

    /// The statements the night may have changed (see the type's description).
    /// - Parameters:
    ///   - night: the ledger lines the night added.
    ///   - examined: the ledger bookings reconciliation re-examined.
    ///   - renamed: tenants whose export changed.
    ///   - known: every statement built before; those the outbox cannot name are built again, so
    ///     every night reports them (an earlier build's state).
    func changed(night: ArraySlice<LedgerLine>, examined: [ScopedID], renamed: [TenantID], known: some Sequence<StatementID>,
                 into sink: Sink) throws -> Built {
        var ids = Set<StatementID>()
        func add(_ tenant: TenantID, _ month: String) {
            let placed = closed.isClosed(month) ? closed.firstOpenMonth(after: month) : month
            ids.insert(StatementID(tenant: tenant, month: placed))
        }
        for line in night { ids.insert(StatementID(tenant: line.tenantID, month: closed.statementMonth(of: line).month)) }
        for line in try db.ledger.lines(ofBookings: examined) { ids.insert(StatementID(tenant: line.tenantID, month: closed.statementMonth(of: line).month)) }
        for tenant in renamed { for month in try db.ledger.months(of: tenant) { add(tenant, month) } }
        for id in known where SkippedStatement.reason(id) != nil { ids.insert(id) }
        ids = ids.filter { !closed.isClosed($0.month) }

        let ordered = ids.sorted()
        var start = 0
        while start < ordered.count {
            let batch = ordered[start..<min(start + Self.batch, ordered.count)]
            var statements = try build(Set(batch))
            try db.statementTotals.save(try OutboxWriter.sortOut(statements).writable)
            try sink(&statements, .only(ids))
            start += batch.count
        }
        let indexes = try db.statementTotals.indexes(of: Set(ids.map(\.month)), tenants: tenants)

        let touched = Array(Set(night.map { LedgerLineTable.TenantMonth($0.tenantID, $0.date.monthText) }))
        let openings = try db.ledger.flows(of: touched, before: night.first?.sequence ?? 0)
        return Built(months: indexes, money: RunReport.Money(night: night, openings: openings))
    }

    /// The statements `ids`, each from its month's lines and the late lines of the closed months
    /// it adjusts, in the outbox's order.
    private func build(_ ids: Set<StatementID>) throws -> [CommissionStatement] {
        var months = Set<LedgerLineTable.TenantMonth>()
        for id in ids {
            months.insert(.init(id.tenant, id.month))
            for month in closed.months.keys where closed.firstOpenMonth(after: month) == id.month { months.insert(.init(id.tenant, month)) }
        }
        let lines = try db.ledger.lines(of: Array(months))
        let bookingKeys = Array(Set(lines.map(\.bookingKey)))
        let loaded = try db.bookings.load(bookingKeys)
        let bookings = loaded.keys.sorted(by: ScopedID.precedes).map { loaded[$0]! }
        let ledger = Ledger(stored: bookings, events: [], lines: lines, lastSequence: 0)
        let matches = try db.reconciliation.reconciled(ledger: bookingKeys, platform: []).compactMap { r in
            r.rule.map { BookingMatch(tenantID: r.tenantID, bookingID: r.ledgerBookingID, platformBookingID: r.platformBookingID, rule: $0) }
        }
        return StatementBuilder.statements(ledger: ledger, tenants: tenants, context: StatementContext(matches: matches, openItems: openItems),
                                           closed: closed)
            .filter { ids.contains(StatementID(tenant: $0.tenantID, month: $0.month)) }
    }
}
