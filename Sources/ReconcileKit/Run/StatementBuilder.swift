/// Groups the ledger's lines into monthly commission statements (SPEC §6): one per tenant and UTC
/// calendar month, payments by paid date and refunds in the month they happen.
enum StatementBuilder {
    /// `context` adds the platform's booking ids and the open exceptions to the lines; the
    /// figures never depend on it.
    static func statements(
        ledger: Ledger, tenants: TenantDirectory,
        context: StatementContext = StatementContext(), closed: ClosedMonths = ClosedMonths()
    ) -> [CommissionStatement] {
        var grouped: [StatementID: [CommissionStatement.Line]] = [:]
        var currencies: [StatementID: String] = [:]
        for line in ledger.lines {
            let placed = closed.statementMonth(of: line)
            let key = StatementID(tenant: line.tenantID, month: placed.month)
            currencies[key] = line.currency
            var entry = CommissionStatement.Line(line)
            describe(&entry, ledger: ledger, context: context)
            entry.adjustsMonth = placed.adjusts
            grouped[key, default: []].append(entry)
        }
        return grouped.keys.sorted().map { key in
            CommissionStatement(
                tenantID: key.tenant, tenantName: tenants.latest(key.tenant)?.name ?? key.tenant.rawValue,
                month: key.month, currency: currencies[key] ?? "usd", lines: grouped[key]!)
        }
    }

    /// The booking's references, the limit applied, a refund's original payment and the open
    /// exceptions.
    static func describe(
        _ entry: inout CommissionStatement.Line, ledger: Ledger, context: StatementContext
    ) {
        let key = entry.bookingKey
        entry.platformBookingID = context.platformBookingIDs[key]
        entry.openExceptions = context.openExceptions[key] ?? []
        guard let booking = ledger.booking(key) else { return }
        entry.eventDate = booking.date.text
        entry.packageID = booking.packageID
        entry.rateBound = Commission.bound(total: booking.total, rate: booking.rate)
        if entry.kind == .refund {
            entry.originalMonth = booking.paidDate.monthText
            entry.originalGrossCents = booking.total
            entry.originalCommissionCents = booking.commission
        }
    }
}
