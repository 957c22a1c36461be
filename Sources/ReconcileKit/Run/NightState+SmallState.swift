/// The state beside the index and the ledger that a run reads whole and writes back: rejected
/// records, open exceptions, closed months and statement revisions (each proportional to what is
/// open or rejected, not to the history).
struct SmallState {
    var rejected = RejectedLog()
    /// nil before the first run: then every exception is new.
    var openItems: OpenItems?
    var closedMonths = ClosedMonths()
    var revisions = StatementRevisions()
}

extension NightState {
    func smallState() throws -> SmallState {
        SmallState(rejected: try db.rejections.load(), openItems: head == nil ? nil : try db.openItems.open(),
                   closedMonths: try db.closedMonths.load(), revisions: try db.statementRevisions.loadAll())
    }

    /// Writes what changed since `loaded`: new rejections and replacements, the open items (the
    /// resolved ones marked resolved on the run's day) and the statement revisions.
    func writeSmallState(_ state: SmallState, since loaded: SmallState, resolved: [RunReport.ResolvedItem], asOf: Int64,
                         runID: String) throws {
        try db.rejections.save(state.rejected, since: loaded.rejected)
        let resolvedKeys = resolved.map { OpenItems.Key(tenant: $0.tenant.rawValue, kind: $0.kind, references: $0.references) }
        try db.openItems.save(state.openItems ?? OpenItems(), resolved: resolvedKeys, asOf: CalendarDate(unixSeconds: asOf).text, runID: runID)
        let changed = state.revisions.entries.filter { loaded.revisions.entries[$0.key] != $0.value }
        try db.statementRevisions.save(changed)
    }
}
