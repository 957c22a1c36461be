extension Ledger {
    /// What `reconcile verify` checks of the ledger beside the store (SPEC §7): the ledger's own
    /// invariants (``invariantViolations()``: nothing applied without its effect, every booking
    /// made by a PROCESSED event of its own tenant, every line's booking and event present), and
    /// every event state backed by the index entry of its own `(tenant, id)`. Each problem names the
    /// tenant and the id.
    func auditProblems(against index: RecordIndex) -> [String] {
        var problems = invariantViolations().map { "ledger: \($0)" }
        let events = eventsByID.values
        for position in ScopedID.order(events.map(\.key)) {
            let e = events[position]
            guard index.entry(RecordKey(kind: .event, tenantID: e.tenantID, id: e.eventID)) == nil else { continue }
            problems.append("ledger: event \(e.key) has no index entry of its tenant")
        }
        return problems
    }
}
