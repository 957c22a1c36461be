/// The statements a run may have changed, so the outbox compares only those.
///
/// Every statement, unless the outbox is known to hold the statements of the state the run
/// started from (its `runs/latest` names the parent run); then the (tenant, month) of every ledger
/// line the run added, every statement of a tenant whose export, platform bookings or bank entries
/// changed, and every statement with a line that shows an open exception.
struct ChangedStatements {
    /// The statements of the night's lines; nil: every statement.
    private(set) var ids: Set<StatementID>?
    /// Tenants whose every statement is in scope.
    private(set) var tenants: Set<TenantID>

    /// `admitted` are the keys of the records the night met, whatever their outcome.
    init(night: Set<StatementID>, admitted: some Sequence<RecordKey>, parentRunID: String?, outbox: OutboxWriter) {
        tenants = []
        guard let parentRunID, outbox.latestRunID() == parentRunID else {
            ids = nil
            return
        }
        var renamed = Set<TenantID>()
        // A line shows the platform's booking id and the exceptions open on its booking:
        // a tenant whose platform bookings or bank entries changed may see them change in any
        // month; a bank entry of no known tenant may concern anyone.
        for key in admitted {
            switch key.kind {
            case .tenant: renamed.insert(TenantID(key.id))
            case .booking, .bankEntry:
                if key.tenantID == .global {
                    ids = nil
                    return
                }
                renamed.insert(key.tenantID)
            case .event, .bankStatement: continue
            }
        }
        ids = night
        tenants = renamed
    }

    /// The scope of a batch of statements.
    func scope(of statements: [CommissionStatement]) -> StatementScope {
        guard var ids else { return .all }
        for s in statements
        where tenants.contains(s.tenantID) || s.lines.contains(where: { !$0.openExceptions.isEmpty }) {
            ids.insert(StatementID(tenant: s.tenantID, month: s.month))
        }
        return .only(ids)
    }
}
