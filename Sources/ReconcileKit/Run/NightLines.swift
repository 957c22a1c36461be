/// What a run keeps of the ledger lines it adds, gathered a chunk at a time as they are applied and
/// written (a first run's million lines are never held at once): the open statement each falls in,
/// the tenant-months of their dates, their money, and the sequence of the first.
struct NightLines {
    let closed: ClosedMonths
    /// The sequence of the night's first line; nil: the night added none.
    private(set) var firstSequence: Int?
    /// The statement each line falls in (a closed month's late line: the first open month after it).
    private(set) var statements = Set<StatementID>()
    /// The (tenant, month of its date) of each line: the statements' figures before the night.
    private(set) var months = Set<LedgerLineTable.TenantMonth>()
    private(set) var money = RunReport.Money.Tally()

    init(closed: ClosedMonths) {
        self.closed = closed
    }

    /// Adds lines that follow those added before, in sequence order.
    mutating func add(_ lines: some Sequence<LedgerLine>) {
        for line in lines {
            if firstSequence == nil { firstSequence = line.sequence }
            statements.insert(StatementID(tenant: line.tenantID, month: closed.statementMonth(of: line).month))
            months.insert(LedgerLineTable.TenantMonth(line.tenantID, line.date.monthText))
            money.add(line)
        }
    }
}
