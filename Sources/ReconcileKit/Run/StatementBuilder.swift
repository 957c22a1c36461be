/// Groups the ledger's lines into monthly commission statements (SPEC §6): one per tenant and UTC
/// calendar month, payments by paid date and refunds in the month they happen.
public enum StatementBuilder {
    public static func statements(ledger: Ledger, tenants: TenantDirectory, month: String? = nil, tenant: TenantID? = nil) -> [CommissionStatement] {
        var grouped: [StatementID: [CommissionStatement.Line]] = [:]
        var currencies: [StatementID: String] = [:]
        for line in ledger.lines {
            let date = line.date
            let key = StatementID(tenant: line.tenantID, month: date.monthText)
            if let month, key.month != month { continue }
            if let tenant, key.tenant != tenant { continue }
            currencies[key] = line.currency
            let text = date.description
            switch line.kind {
            case .payment:
                grouped[key, default: []].append(.payment(date: text, bookingID: line.bookingID, eventID: line.eventID, rate: line.rate,
                                                          grossCents: line.gross, commissionCents: line.commission))
            case .refund:
                grouped[key, default: []].append(.refund(date: text, bookingID: line.bookingID, eventID: line.eventID, rate: line.rate,
                                                         refundCents: line.refund, commissionReversedCents: line.commissionReversed))
            }
        }
        return grouped.keys.sorted().map { key in
            CommissionStatement(tenantID: key.tenant, tenantName: tenants.latest(key.tenant)?.name ?? key.tenant.rawValue,
                                month: key.month, currency: currencies[key] ?? "usd", lines: grouped[key]!)
        }
    }
}
