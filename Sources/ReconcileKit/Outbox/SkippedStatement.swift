/// A statement the outbox did not write because its tenant id or month cannot be a file or folder
/// name there. The run reports it (a warning, a `statement_not_written` exception, exit 1).
struct SkippedStatement: Sendable, Equatable {
    let tenant: TenantID
    let month: String
    /// Which name and why: `tenant id contains "/"`, `month is not a YYYY-MM month`.
    let reason: String

    /// nil when `statement` can be written.
    init?(_ statement: CommissionStatement) {
        guard let reason = Self.reason(StatementID(tenant: statement.tenantID, month: statement.month)) else {
            return nil
        }
        self.reason = reason
        tenant = statement.tenantID
        month = statement.month
    }

    /// Why the statement `id` cannot be written; nil when it can.
    static func reason(_ id: StatementID) -> String? {
        let tenant = id.tenant.rawValue
        if !OutboxPath.isMonth(id.month) {
            return "\(OutboxError.Name.month.rawValue) \(OutboxPath.Problem.notAMonth.rawValue)"
        } else if let problem = OutboxPath.problem(with: tenant) {
            return "\(OutboxError.Name.tenantID.rawValue) \(problem.rawValue)"
        } else if TenantID.reservedNames.contains(tenant.lowercased()) {
            return "\(OutboxError.Name.tenantID.rawValue) \(OutboxPath.Problem.reserved.rawValue)"
        }
        return nil
    }

    /// How the report lists it. The month and the reason are in the detail, the tenant id in its
    /// column (escaped by each format there).
    var exception: ReconciliationException {
        ReconciliationException(
            kind: .statementNotWritten, tenantID: tenant,
            detail: "statement for \(OutboxError.quoted(month)) not written: its \(reason)")
    }

    /// One log line; the names are quoted with control characters escaped.
    var warning: String {
        "statement of tenant \(OutboxError.quoted(tenant.rawValue)) for \(OutboxError.quoted(month)) not written: its \(reason)"
    }
}
