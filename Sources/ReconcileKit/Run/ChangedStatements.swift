/// The statements a run may have changed, so the outbox compares only those (issue 6).
enum ChangedStatements {
    /// `.all` unless the outbox is known to hold the statements of the state the run started from
    /// (its `runs/latest` names the parent run); then the (tenant, month) of every ledger line the
    /// run added (from `firstNewLine` on), and every month of a tenant whose export changed (the
    /// name is printed).
    static func scope(ledger: Ledger, firstNewLine: Int, index: RecordIndex, statements: [CommissionStatement],
                      closed: ClosedMonths = ClosedMonths(), parentRunID: String?, outbox: OutboxWriter) -> StatementScope {
        guard let parentRunID, outbox.latestRunID() == parentRunID else { return .all }
        var ids = Set<StatementID>()
        for line in ledger.lines[firstNewLine...] {
            ids.insert(StatementID(tenant: line.tenantID, month: closed.statementMonth(of: line).month))
        }
        var renamed = Set(index.changedKeys(of: .tenant).map { TenantID($0.id) })
        // A line shows the platform's booking id and the exceptions open on its booking (issue 19):
        // a tenant whose platform bookings or bank entries changed may see them change in any
        // month; a bank entry of no known tenant may concern anyone.
        for kind in [RecordKind.booking, .bankEntry] {
            for key in index.changedKeys(of: kind) {
                if key.tenant == .global { return .all }
                renamed.insert(key.tenant)
            }
        }
        for s in statements where renamed.contains(s.tenantID) || s.lines.contains(where: { !$0.openExceptions.isEmpty }) {
            ids.insert(StatementID(tenant: s.tenantID, month: s.month))
        }
        return .only(ids)
    }
}
