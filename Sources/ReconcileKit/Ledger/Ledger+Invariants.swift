extension Ledger {
    /// Traps in debug builds when the ledger is inconsistent (swift-collections'
    /// `_checkInvariants()`); free in release builds.
    func checkInvariants() {
        #if DEBUG
            let violations = invariantViolations()
            precondition(violations.isEmpty, "ledger invariants broken:\n" + violations.joined(separator: "\n"))
        #endif
    }

    /// Every broken invariant, one line each; empty when the ledger is consistent:
    /// lines sum to each booking's total, commission, refund and reversal; one booking per
    /// (tenant, date) and per payment intent; reversal ≤ commission and equal to §5's formula;
    /// status and refund status follow the refunded amount; line sequences are 1…n (in a night's part of
    /// a stored ledger: rising, the new ones numbered on from the stored last); every line's
    /// event is PROCESSED; every booking's checkout event is a PROCESSED event of its own tenant, and every PROCESSED
    /// checkout made a booking.
    /// Every key is tenant-scoped: a line's booking and event are looked up under their tenants.
    func invariantViolations() -> [String] {
        var out: [String] = []
        if storedLastSequence == 0 {
            for (i, line) in lines.enumerated() where line.sequence != i + 1 {
                out.append("line \(i + 1): sequence \(line.sequence)")
            }
        } else {
            // A night's part of a stored ledger: its lines rise, and the new ones follow the stored last.
            for (i, line) in lines.enumerated().dropFirst() where line.sequence <= lines[i - 1].sequence {
                out.append("line \(line.sequence) follows line \(lines[i - 1].sequence)")
            }
            for (i, line) in lines[changes.firstNewLine...].enumerated()
            where line.sequence != storedLastSequence + i + 1 {
                out.append("new line \(i + 1): sequence \(line.sequence) after stored \(storedLastSequence)")
            }
        }
        for line in lines where eventsByID[line.eventKey]?.status != .processed {
            out.append("line \(line.sequence): event \(line.eventKey) is not PROCESSED")
        }
        for line in lines where bookingsByID[line.bookingKey] == nil {
            out.append("line \(line.sequence): unknown booking \(line.bookingKey)")
        }
        var slots: [BookingSlot: Int] = [:]
        var intents: [ScopedID: Int] = [:]
        let all = bookingsByID.values
        for position in ScopedID.order(all.map(\.key)) {
            let booking = all[position]
            let slot = BookingSlot(tenantID: booking.tenantID, date: booking.date)
            if let other = slots[slot] {
                out.append(
                    "bookings \(all[Int(other)].key) and \(booking.key) hold \(booking.tenantID) \(booking.date)")
            }
            slots[slot] = position
            if let pi = booking.paymentIntentID {
                let intent = ScopedID(booking.tenantID, pi)
                if let other = intents[intent] {
                    out.append("bookings \(all[Int(other)].key) and \(booking.key) share payment intent \(pi)")
                }
                intents[intent] = position
            }
            out.append(contentsOf: bookingViolations(booking.key))
            if eventsByID[ScopedID(booking.tenantID, booking.eventID)]?.status != .processed {
                out.append("booking \(booking.key): event \(booking.eventID) is not a PROCESSED event of its tenant")
            }
        }
        // Nothing applied without its effect: a PROCESSED checkout made a booking of its own tenant.
        let checkoutsWithBooking = Set(all.map { ScopedID($0.tenantID, $0.eventID) })
        let events = eventsByID.values
        for position in ScopedID.order(events.map(\.key)) {
            let e = events[position]
            guard e.status == .processed, e.type == "checkout.session.completed", !checkoutsWithBooking.contains(e.key)
            else { continue }
            out.append("event \(e.key): PROCESSED checkout without its booking")
        }
        if bookingBySlot.count != slots.count
            || slots.contains(where: { bookingPosition(tenant: $0.key.tenantID, date: $0.key.date) != $0.value })
        {
            out.append("date index does not match the bookings")
        }
        if bookingByPaymentIntent.count != intents.count
            || intents.contains(where: {
                bookingPosition(tenant: $0.key.tenantID, paymentIntent: $0.key.id) != $0.value
            })
        {
            out.append("payment intent index does not match the bookings")
        }
        if paymentLineOfBooking.count != all.count { out.append("payment line index does not match the bookings") }
        return out
    }

    /// The invariants of one booking against its own lines (checked after every change in debug
    /// builds, before the event's state is final).
    func bookingViolations(_ id: ScopedID) -> [String] {
        guard let b = bookingsByID[id] else { return ["booking \(id) is missing"] }
        var out: [String] = []
        let own = lines(ofBooking: id)
        func sum(_ field: (LedgerLine) -> Cents) -> Cents { own.reduce(0) { $0 + field($1) } }
        let payments = own.filter { $0.kind == .payment }
        if payments.count != 1 { out.append("booking \(id): \(payments.count) payment lines") }
        if sum(\.gross) != b.total { out.append("booking \(id): lines gross \(sum(\.gross)) ≠ total \(b.total)") }
        if sum(\.commission) != b.commission { out.append("booking \(id): lines commission ≠ commission") }
        if sum(\.refund) != b.refunded { out.append("booking \(id): lines refund ≠ refunded") }
        if sum(\.commissionReversed) != b.reversed { out.append("booking \(id): lines reversal ≠ reversed") }
        if sum(\.net) != b.tenantNet { out.append("booking \(id): lines net ≠ tenant net") }
        if b.total <= 0 { out.append("booking \(id): total not positive") }
        if b.commission != Commission.amount(total: b.total, rate: b.rate) {
            out.append("booking \(id): commission ≠ §5 formula")
        }
        if b.reversed > b.commission { out.append("booking \(id): reversed exceeds commission") }
        if b.reversed != Commission.reversal(commission: b.commission, refunded: b.refunded, total: b.total) {
            out.append("booking \(id): reversal ≠ §5 formula")
        }
        let (refundStatus, status) = RefundStatus.of(refunded: b.refunded, total: b.total)
        if refundStatus != b.refundStatus || status != b.status {
            out.append("booking \(id): status does not follow refunds")
        }
        return out
    }
}
