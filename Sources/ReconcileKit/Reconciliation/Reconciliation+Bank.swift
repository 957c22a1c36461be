extension BankEntry {
    /// The tenant the entry belongs to: its own, else (stored under `_global`) the tenant that
    /// lists its account now, else `_global`.
    func tenant(in tenants: TenantDirectory) -> TenantID {
        tenantID != .global ? tenantID : (tenants.tenant(forAccount: iban) ?? .global)
    }
}

extension Reconciliation {
    struct BankOutcome {
        var exceptions: [ReconciliationException] = []
        var settlements: [BankSettlement] = []
        /// Ledger bookings, by tenant and id, with at least one settling credit.
        var settled: Set<ScopedID> = []
        var credits = 0
        var debits = 0
    }

    /// Assigns each credit to the one booking of its own tenant that its references name (SPEC
    /// §3.3, §4). A credit naming no booking of its tenant, or several, is `unmatched_bank_credit`
    /// (another tenant's bookings are not considered); so is a credit to an account no tenant
    /// lists, which belongs to no tenant and settles nobody's booking.
    /// A reversal (`RvslInd`) debit naming one booking of its tenant takes back one of its credits;
    /// a reversal credit (a debit returned) settles nothing. The credits of a booking, less its
    /// reversals, must add up to its total in its currency, else `amount_mismatch`; fully
    /// reversed, the booking is not settled.
    static func settle(_ bookings: [ReconciledBooking], bankEntries: [BankEntry], tenants: TenantDirectory)
        -> BankOutcome
    {
        var outcome = BankOutcome()
        guard !bankEntries.isEmpty else { return outcome }
        let index = ReferenceIndex(bookings)
        var creditsByBooking: [Int: [(entry: BankEntry, tenant: TenantID)]] = [:]
        var reversalsByBooking: [Int: [BankEntry]] = [:]

        let entries = bankEntries.sorted { $0.id != $1.id ? $0.id.utf8Precedes($1.id) : $0.tenantID < $1.tenantID }
        for entry in entries {
            let tenant = entry.tenant(in: tenants)
            let named = index.bookings(namedBy: entry.references)
            let ownTenant = named.filter { bookings[$0].tenantID == tenant }
            guard entry.direction == .credit else {
                outcome.debits += 1
                if entry.isReversal, ownTenant.count == 1 {
                    reversalsByBooking[ownTenant[0], default: []].append(entry)
                }
                continue
            }
            outcome.credits += 1
            if entry.isReversal { continue }
            if ownTenant.count == 1 {
                creditsByBooking[ownTenant[0], default: []].append((entry, tenant))
                continue
            }
            // Other tenants' bookings are not mentioned: a tenant's exceptions are what a run over its
            // records alone would give.
            let detail =
                switch ownTenant.count {
                case 0 where tenant == .global: "credit to an account of no tenant"
                case 0: "credit names no booking"
                default: "credit names \(ownTenant.count) bookings"
                }
            var exception = ReconciliationException(
                kind: .unmatchedBankCredit, source: .bank, tenantID: tenant, bankEntryIDs: [entry.id],
                actual: entry.amount, currency: entry.currency, detail: detail
            )
            exception.describeBank(entry)
            outcome.exceptions.append(exception)
        }

        // In booking order, so the settlements are sorted like the bookings: tenant, ledger booking
        // id, platform booking id.
        for i in creditsByBooking.keys.sorted() {
            let booking = bookings[i]
            let credits = creditsByBooking[i]!
            let reversals = reversalsByBooking[i] ?? []
            let ids = (credits.map(\.entry.id) + reversals.map(\.id)).sorted { $0.utf8Precedes($1) }
            let currency = booking.ledger?.currency ?? tenants.latest(booking.tenantID)?.currency ?? "usd"
            let sameCurrency = credits.filter { $0.entry.currency.lowercased() == currency.lowercased() }
            let reversed = reversals.filter { $0.currency.lowercased() == currency.lowercased() }.reduce(Cents(0)) {
                $0 + $1.amount
            }
            let amount = sameCurrency.reduce(Cents(0)) { $0 + $1.entry.amount } - reversed
            // Every credit taken back: the booking is not settled (unsettled once its window passes).
            if amount <= 0, !reversals.isEmpty, credits.count == sameCurrency.count { continue }
            outcome.settlements.append(
                BankSettlement(
                    tenantID: booking.tenantID, bookingID: booking.ledger?.id, platformBookingID: booking.platform?.id,
                    bankEntryIDs: ids, amount: amount
                ))
            if let ledger = booking.ledger { outcome.settled.insert(ledger.key) }

            let foreign = credits.count - sameCurrency.count
            guard amount != booking.expectedAmount || foreign > 0 else { continue }
            let detail =
                foreign > 0
                ? "\(foreign) settling credit(s) not in \(currency.uppercased())"
                : "bank credits differ from the booking total"
            var exception = ReconciliationException(
                kind: .amountMismatch, source: .bank, tenantID: booking.tenantID, bookingID: booking.ledger?.id,
                platformBookingID: booking.platform?.id, bankEntryIDs: ids, eventID: booking.ledger?.eventID,
                expected: booking.expectedAmount, actual: amount, currency: currency, detail: detail
            )
            if let first = credits.first?.entry { exception.describeBank(first) }
            outcome.exceptions.append(exception)
        }
        return outcome
    }
}
