/// The commission statements a night builds (SPEC §6), and the money section of its
/// report.
///
/// A statement (tenant, month) shows its month's lines, each with its booking's figures, the
/// platform's booking id and the exceptions open on the booking, and the tenant's name. So a night
/// rebuilds the statements of the months its new lines fall in, of the months in which the
/// bookings reconciliation re-examined have lines, and every month of a tenant whose export
/// changed; it reads those months' lines alone. A month's index and summary list every tenant of
/// the month from the stored statement totals. When the outbox does not hold the statements of
/// the run the state comes from (or the totals are not stored yet), every statement is built,
/// a batch of tenant-months at a time.
struct NightStatements {
    let db: StateDatabase
    let tenants: TenantDirectory
    let closed: ClosedMonths
    /// The kinds of the open items after tonight's reconciliation, by ledger booking.
    let openExceptions: [ScopedID: [String]]

    /// `openItems`: every open item after tonight's reconciliation.
    init(db: StateDatabase, tenants: TenantDirectory, closed: ClosedMonths, openItems: ExceptionTable) {
        self.db = db
        self.tenants = tenants
        self.closed = closed
        openExceptions = StatementContext.openExceptions(openItems)
    }

    /// A builder for statements' figures alone (`verify`): no tenant names, no open exceptions.
    init(figuresOf db: StateDatabase, closed: ClosedMonths) {
        self.db = db
        tenants = TenantDirectory(versions: [])
        self.closed = closed
        openExceptions = [:]
    }

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

    /// Every statement, a batch at a time from the tenant-months the ledger holds: the whole
    /// ledger is never in memory at once. `night` is the ledger lines the night added, `admitted`
    /// the records it met.
    func all(
        night: NightLines, admitted: some Sequence<AdmittedRecord>, parentRunID: String?, outbox: OutboxWriter,
        batch: Int = Self.batch, into sink: Sink
    ) throws -> Built {
        let changed = ChangedStatements(
            night: night.statements, admitted: admitted.lazy.map(\.key), parentRunID: parentRunID, outbox: outbox)
        let ids = try everyStatement()
        try build(ids, batch: batch) { statements in try sink(&statements, changed.scope(of: statements)) }
        return Built(months: nil, money: try money(night: night))
    }

    /// Every statement of `month` (`reconcile statements`), from the stored ledger.
    func statements(of month: String) throws -> [CommissionStatement] {
        var all: [CommissionStatement] = []
        try build(try everyStatement().filter { $0.month == month }, save: false) { all += $0 }
        return all
    }

    /// Every statement of the open months, built `batch` at a time in the outbox's order from the
    /// stored ledger; nothing is stored.
    func eachStatement(batch: Int = Self.batch, _ take: ([CommissionStatement]) throws -> Void) throws {
        try build(try everyStatement(), batch: batch, save: false) { try take($0) }
    }

    /// The id of every statement the ledger's lines make, but those of closed months.
    private func everyStatement() throws -> Set<StatementID> {
        var ids = Set<StatementID>()
        // Every tenant-month with a line (sequences start at 1).
        for month in try db.ledger.tenantMonths(since: 0) { ids.insert(id(month.tenantID, month.month)) }
        return ids.filter { !closed.isClosed($0.month) }
    }

    /// The statement a line of `tenant` in `month` may fall in: a closed month's late lines go to
    /// the first open month after it.
    private func id(_ tenant: TenantID, _ month: String) -> StatementID {
        StatementID(tenant: tenant, month: closed.isClosed(month) ? closed.firstOpenMonth(after: month) : month)
    }

    /// The statements the night may have changed (see the type's description).
    /// - Parameters:
    ///   - night: the ledger lines the night added.
    ///   - examined: the ledger bookings reconciliation re-examined.
    ///   - renamed: tenants whose export changed.
    ///   - unnameable: statements built before that the outbox cannot name; they are built again,
    ///     so every night reports them (an earlier build's state).
    func changed(
        night: NightLines, examined: [ScopedID], renamed: [TenantID], unnameable: [StatementID],
        into sink: Sink
    ) throws -> Built {
        var ids = night.statements
        for line in try db.ledger.lines(ofBookings: examined) {
            ids.insert(StatementID(tenant: line.tenantID, month: closed.statementMonth(of: line).month))
        }
        for tenant in renamed { for month in try db.ledger.months(of: tenant) { ids.insert(id(tenant, month)) } }
        ids.formUnion(unnameable)
        ids = ids.filter { !closed.isClosed($0.month) }

        try build(ids) { statements in try sink(&statements, .only(ids)) }
        let indexes = try db.statementTotals.indexes(of: Set(ids.map(\.month)), tenants: tenants)
        return Built(months: indexes, money: try money(night: night))
    }

    /// The money section of the report: the night's lines, and the sums of the earlier lines of
    /// the tenant-months they touch.
    private func money(night: NightLines) throws -> RunReport.Money {
        let openings = try db.ledger.flows(of: Array(night.months), before: night.firstSequence ?? 0)
        return RunReport.Money(night: night.money, openings: openings)
    }

    /// Builds the statements `ids`, `batch` at a time in the outbox's order, and hands each batch to
    /// `take`; `save`: stores their totals (for the month indexes of later nights) first.
    private func build(
        _ ids: Set<StatementID>, batch: Int = Self.batch, save: Bool = true,
        take: (inout [CommissionStatement]) throws -> Void
    ) throws {
        let ordered = ids.sorted()
        var start = 0
        while start < ordered.count {
            let slice = ordered[start..<min(start + batch, ordered.count)]
            var statements = try build(Set(slice))
            if save { try db.statementTotals.save(try OutboxWriter.sortOut(statements).writable) }
            try take(&statements)
            start += slice.count
        }
    }

    /// The statements `ids`, each from its month's lines and the late lines of the closed months
    /// it adjusts, in the outbox's order.
    private func build(_ ids: Set<StatementID>) throws -> [CommissionStatement] {
        var months = Set<LedgerLineTable.TenantMonth>()
        for id in ids {
            months.insert(.init(id.tenant, id.month))
            for month in closed.months.keys where closed.firstOpenMonth(after: month) == id.month {
                months.insert(.init(id.tenant, month))
            }
        }
        let lines = try db.ledger.lines(of: Array(months))
        let bookingKeys = Array(Set(lines.map(\.bookingKey)))
        let loaded = try db.bookings.load(bookingKeys)
        let bookings = loaded.keys.sorted(by: ScopedID.precedes).map { loaded[$0]! }
        let ledger = Ledger(stored: bookings, events: [], lines: lines, lastSequence: 0)
        let matches = try db.reconciliation.reconciled(ledger: bookingKeys, platform: []).compactMap { r in
            r.rule.map {
                BookingMatch(
                    tenantID: r.tenantID, bookingID: r.ledgerBookingID, platformBookingID: r.platformBookingID, rule: $0
                )
            }
        }
        return StatementBuilder.statements(
            ledger: ledger, tenants: tenants,
            context: StatementContext(matches: matches, openExceptions: openExceptions),
            closed: closed
        )
        .filter { ids.contains(StatementID(tenant: $0.tenantID, month: $0.month)) }
    }
}
