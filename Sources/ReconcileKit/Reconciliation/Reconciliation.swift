/// Compares the ledger with the platform's latest bookings and the bank's credits (SPEC §3.3, §6).
/// Pure: the caller passes the time (`--as-of`).
enum Reconciliation {
    /// - Parameters:
    ///   - platform: the latest version of each platform booking (``PlatformBooking/latestVersions(_:)``).
    ///   - bankEntries: every stored bank entry (credits and debits).
    ///   - bankStatements: every stored bank statement, whose balances are checked.
    ///   - tenants: re-derives the tenant of bank entries stored as `_global` before the tenant's
    ///     IBAN was known.
    ///   - asOf: unix seconds; PAID bookings with `paidAt + settlementDays × 86400 < asOf` and no
    ///     settling credit are `unsettled_booking`.
    static func reconcile(
        ledger: Ledger, platform: [PlatformBooking], bankEntries: [BankEntry],
        bankStatements: [CamtStatement] = [],
        tenants: TenantDirectory, asOf: Int64, settlementDays: Int
    ) -> ReconciliationResult {
        let matcher = BookingMatcher(ledger: ledger, platform: platform)
        let bookings = matcher.bookings
        let bank = settle(bookings, bankEntries: bankEntries, tenants: tenants)
        var sentences = DetailSentences(settlementDays: settlementDays)
        let window = Int64(clamping: settlementDays).multipliedReportingOverflow(by: 86_400)

        // Tenant by tenant (the bookings are sorted by tenant), then put in report order.
        // (Several runs only for tenant ids that Unicode calls equal but that are written differently.)
        var bookingsOf: [TenantID: [Range<Int>]] = [:]
        var start = 0
        for i in bookings.indices where i + 1 == bookings.count || bookings[i + 1].tenantID != bookings[i].tenantID {
            bookingsOf[bookings[i].tenantID, default: []].append(start..<(i + 1))
            start = i + 1
        }
        let bankExceptionsOf = Dictionary(
            grouping: bank.exceptions + checkBalances(bankStatements, tenants: tenants), by: \.tenantID)
        var exceptions: [ReconciliationException] = []
        exceptions.reserveCapacity(2 * bookings.count + bankExceptionsOf.values.reduce(0) { $0 + $1.count })
        for tenant in Set(bookingsOf.keys).union(bankExceptionsOf.keys).sorted() {
            let ranges = bookingsOf[tenant] ?? []
            for range in ranges {
                for booking in bookings[range] {
                    compare(booking, into: &exceptions, sentences: &sentences)
                    compareWithMetadata(booking, into: &exceptions)
                }
            }
            exceptions += bankExceptionsOf[tenant] ?? []
            for range in ranges {
                for booking in bookings[range] {
                    guard let b = booking.ledger, b.status == .paid, !bank.settled.contains(b.key) else { continue }
                    let (due, overflow) = b.paidAt.addingReportingOverflow(
                        window.overflow ? Int64.max : window.partialValue)
                    guard !overflow, due < asOf else { continue }
                    exceptions.append(
                        ReconciliationException(
                            kind: .unsettledBooking, tenantID: b.tenantID, bookingID: b.id,
                            platformBookingID: booking.platform?.id,
                            eventID: b.eventID, expected: b.total - b.refunded, currency: b.currency,
                            detail: sentences.unsettled(paidDate: b.paidDate)
                        ))
                }
            }
        }
        exceptions.stableSort(by: ReconciliationException.reportOrder)

        return ReconciliationResult(
            exceptions: exceptions,
            matches: matcher.matches,
            settlements: bank.settlements,
            bankCredits: bank.credits,
            bankDebits: bank.debits
        )
    }

    /// Ledger vs platform for one booking.
    static func compare(
        _ booking: ReconciledBooking, into out: inout [ReconciliationException],
        sentences: inout DetailSentences
    ) {
        switch (booking.ledger, booking.platform) {
        case (let b?, nil):
            out.append(
                ReconciliationException(
                    kind: .missingInPlatform, tenantID: b.tenantID, bookingID: b.id, eventID: b.eventID,
                    expected: b.total, currency: b.currency,
                    detail: sentences.missingInPlatform(date: b.date, refunded: b.status == .refunded)
                ))
        case (nil, let p?):
            guard PlatformStatusMapping.moneyHeld.contains(p.status) else { return }
            out.append(
                ReconciliationException(
                    kind: .missingPayment, tenantID: p.tenantID, platformBookingID: p.id, actual: p.totalCents,
                    detail: "platform booking \(p.status.rawValue) for \(p.date.text) has no payment event"
                ))
        case (let b?, let p?):
            func exception(_ kind: ExceptionKind, expected: Cents? = nil, actual: Cents? = nil, _ detail: String) {
                out.append(
                    ReconciliationException(
                        kind: kind, source: .platform, tenantID: b.tenantID, bookingID: b.id, platformBookingID: p.id,
                        eventID: b.eventID, expected: expected, actual: actual,
                        currency: b.currency, detail: detail
                    ))
            }
            if p.totalCents != b.total {
                exception(
                    .amountMismatch, expected: b.total, actual: p.totalCents,
                    "platform total differs from the paid checkout")
            }
            if p.commissionAmount != b.commission {
                exception(
                    .commissionMismatch, expected: b.commission, actual: p.commissionAmount,
                    "platform commission differs from \(b.rate.percentText) of the paid total")
            }
            if !PlatformStatusMapping.agrees(b, p.status) {
                let refund = b.refundStatus == .partial ? " (partially refunded)" : ""
                exception(.statusMismatch, "ledger \(b.status.rawValue)\(refund), platform \(p.status.rawValue)")
            }
            if p.date != b.date {
                exception(.dateMismatch, "ledger date \(b.date.text), platform date \(p.date.text)")
            }
        case (nil, nil):
            preconditionFailure("a reconciled booking has at least one side")
        }
    }

    /// The ledger's commission vs the informational commission of the checkout metadata: the
    /// amount when given, else the percentage.
    static func compareWithMetadata(_ booking: ReconciledBooking, into out: inout [ReconciliationException]) {
        guard let b = booking.ledger else { return }
        if let amount = b.metadataCommissionAmount {
            guard amount != b.commission else { return }
            out.append(
                ReconciliationException(
                    kind: .commissionMismatch, source: .checkoutMetadata, tenantID: b.tenantID, bookingID: b.id,
                    platformBookingID: booking.platform?.id, eventID: b.eventID, expected: b.commission, actual: amount,
                    currency: b.currency,
                    detail: "checkout metadata commission differs from \(b.rate.percentText) of the paid total"
                ))
            return
        }
        if let rate = b.metadataCommissionRate, rate != b.rate {
            out.append(
                ReconciliationException(
                    kind: .commissionMismatch, source: .checkoutMetadata, tenantID: b.tenantID, bookingID: b.id,
                    platformBookingID: booking.platform?.id, eventID: b.eventID, currency: b.currency,
                    detail: "checkout metadata rate \(rate.percentText), tenant rate \(b.rate.percentText)"
                ))
        }
    }
}
