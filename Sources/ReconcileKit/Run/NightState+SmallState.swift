/// The state beside the index and the ledger that a run reads whole and writes back (each is
/// small: rejected records, open exceptions, closed months, statement revisions).
struct SmallState {
    var rejected = RejectedLog()
    /// nil before the first run: then every exception is new.
    var openItems: OpenItems?
    var closedMonths = ClosedMonths()
    var revisions = StatementRevisions()
}

extension NightState {
    func smallState() throws -> SmallState {
        SmallState(openItems: head == nil ? nil : OpenItems())
    }

    func writeSmallState(_ state: SmallState, resolved: [RunReport.ResolvedItem], asOf: Int64, runID: String) throws {
    }
}
