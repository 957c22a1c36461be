extension Reconciliation {
    struct BankOutcome {
        var exceptions: [ReconciliationException] = []
        var settlements: [BankSettlement] = []
        /// Ledger booking ids with at least one settling credit.
        var settled: Set<String> = []
        var credits = 0
        var debits = 0
    }

    /// Assigns each credit to the one booking its references name (SPEC §3.3), always within the
    /// tenant that owns the credit's account. A credit naming no booking, several bookings, or only
    /// another tenant's booking, or on an account no tenant owns, is `unmatched_bank_credit`.
    /// A reversal (`RvslInd`) debit naming a booking takes back one of its credits; a reversal
    /// credit (a debit returned) settles nothing. The credits of a booking, less its reversals, must
    /// add up to its total in its currency, else `amount_mismatch`; fully reversed, it is unsettled.
    static func settle(_ bookings: [ReconciledBooking], bankEntries: [BankEntry], tenants: TenantDirectory) -> BankOutcome {
        var outcome = BankOutcome()
        guard !bankEntries.isEmpty else { return outcome }
        let index = ReferenceIndex(bookings)
        var creditsByBooking: [Int: [(entry: BankEntry, tenant: TenantID)]] = [:]
        var reversalsByBooking: [Int: [BankEntry]] = [:]

        let entries = bankEntries.sorted { $0.id.utf8Precedes($1.id) }
        for entry in entries {
            let tenant = entry.tenantID != .global ? entry.tenantID : (tenants.tenant(forAccount: entry.iban) ?? .global)
            guard entry.direction == .credit else {
                outcome.debits += 1
                if entry.isReversal, let named = ownBooking(index.bookings(namedBy: entry.references), tenant, bookings) {
                    reversalsByBooking[named, default: []].append(entry)
                }
                continue
            }
            outcome.credits += 1
            if entry.isReversal { continue }
            let named = index.bookings(namedBy: entry.references)
            let ownTenant = tenant == .global ? [] : named.filter { bookings[$0].tenantID == tenant }
            if ownTenant.count == 1 {
                creditsByBooking[ownTenant[0], default: []].append((entry, tenant))
                continue
            }
            let detail = switch (named.count, ownTenant.count) {
            case (_, 0) where tenant == .global: "credit's account belongs to no tenant"
            case (0, _): "credit names no booking"
            case (_, 0): "credit names only another tenant's booking"
            default: "credit names \(ownTenant.count) bookings"
            }
            outcome.exceptions.append(ReconciliationException(
                kind: .unmatchedBankCredit, source: .bank, tenantID: tenant, bankEntryIDs: [entry.id],
                actual: entry.amount, currency: entry.currency, detail: detail
            ))
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
            let reversed = reversals.filter { $0.currency.lowercased() == currency.lowercased() }.reduce(Cents(0)) { $0 + $1.amount }
            let amount = sameCurrency.reduce(Cents(0)) { $0 + $1.entry.amount } - reversed
            // Every credit taken back: the booking is not settled (unsettled once its window passes).
            if amount <= 0, !reversals.isEmpty, credits.count == sameCurrency.count { continue }
            outcome.settlements.append(BankSettlement(
                tenantID: booking.tenantID, bookingID: booking.ledger?.id, platformBookingID: booking.platform?.id,
                bankEntryIDs: ids, amount: amount
            ))
            if let id = booking.ledger?.id { outcome.settled.insert(id) }

            let foreign = credits.count - sameCurrency.count
            guard amount != booking.expectedAmount || foreign > 0 else { continue }
            let detail = foreign > 0
                ? "\(foreign) settling credit(s) not in \(currency.uppercased())"
                : "bank credits differ from the booking total"
            outcome.exceptions.append(ReconciliationException(
                kind: .amountMismatch, source: .bank, tenantID: booking.tenantID, bookingID: booking.ledger?.id,
                platformBookingID: booking.platform?.id, bankEntryIDs: ids, eventID: booking.ledger?.eventID,
                expected: booking.expectedAmount, actual: amount, currency: currency, detail: detail
            ))
        }
        return outcome
    }

    /// The one booking of `tenant` among `named`, if exactly one.
    private static func ownBooking(_ named: [Int], _ tenant: TenantID, _ bookings: [ReconciledBooking]) -> Int? {
        guard tenant != .global else { return nil }
        let own = named.filter { bookings[$0].tenantID == tenant }
        return own.count == 1 ? own[0] : nil
    }
}
