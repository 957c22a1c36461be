extension Reconciliation {
    /// One `bank_balance_mismatch` per stored statement whose opening balance plus its credits minus
    /// its debits is not its closing balance (SPEC §3.3). The statement is named by its record id
    /// (message, account, statement id); the amounts are the closing balance the bank gave
    /// (`expected`) and the one its entries give (`actual`). A statement stored as `_global` takes
    /// the tenant that owns its account now.
    static func checkBalances(_ statements: [CamtStatement], tenants: TenantDirectory) -> [ReconciliationException] {
        var exceptions: [ReconciliationException] = []
        for statement in statements {
            guard case .differs(let difference) = statement.agreement, let closing = statement.closing else { continue }
            let tenant = statement.tenant(in: tenants)
            let name = statement.statementID.map { "statement \($0)" } ?? "statement"
            exceptions.append(
                ReconciliationException(
                    kind: .bankBalanceMismatch, source: .bank, tenantID: tenant, bankEntryIDs: [statement.identity],
                    expected: closing.amount, actual: closing.amount + difference, currency: closing.currency,
                    detail:
                        "\(statement.message.type.rawValue) \(name) of account \(statement.account): opening balance + credits − debits differs from the closing balance"
                ))
        }
        return exceptions
    }
}

extension CamtStatement {
    /// The tenant the statement is reconciled under: its own, or for one stored under no tenant,
    /// the tenant its account belongs to now (``TenantID/global`` for an account no tenant lists).
    func tenant(in tenants: TenantDirectory) -> TenantID {
        tenantID != .global ? tenantID : (tenants.tenant(forAccount: account) ?? .global)
    }
}
