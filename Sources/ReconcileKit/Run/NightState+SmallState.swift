/// The state beside the index and the ledger that a run reads whole and writes back: rejected
/// records, open exceptions, closed months and statement revisions (each proportional to what is
/// open or rejected, not to the history).
struct SmallState {
    var rejected = RejectedLog()
    var closedMonths = ClosedMonths()
    var revisions = StatementRevisions()
}

extension NightState {
    func smallState() throws -> SmallState {
        SmallState(rejected: try db.rejections.load(),
                   closedMonths: try db.closedMonths.load(), revisions: try db.statementRevisions.loadAll())
    }

    /// Writes what changed since `loaded`: new rejections and replacements, and the statement
    /// revisions. (The open items are written by ``NightReconciliation``.)
    func writeSmallState(_ state: SmallState, since loaded: SmallState) throws {
        try db.rejections.save(state.rejected, since: loaded.rejected)
        let changed = state.revisions.entries.filter { loaded.revisions.entries[$0.key] != $0.value }
        try db.statementRevisions.save(changed)
    }
}
