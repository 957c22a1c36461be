extension Ledger {
    /// Applies one new event (SPEC §4). Events must come in ``ProviderEvent/applicationOrder(_:_:)``.
    /// An event the ledger already knows — the same id under the same tenant — is never applied
    /// again, whatever its status; the same id under another tenant is another event.
    mutating func apply(_ event: borrowing ProviderEvent, tenants: TenantDirectory, runID: String) -> EventDisposition {
        let key = HashedKey(ScopedID(event.tenantID, event.id))
        if let known = eventsByID[key] { return .alreadyRecorded(known.status) }
        var state = EventState(event: event, runID: runID)
        let disposition = attempt(event, tenants: tenants, state: &state, runID: runID)
        eventsByID.insert(new: state, key: key)
        changes.insert(event: key.key)
        return disposition
    }

    /// Re-attempts a FAILED event (`reconcile retry`): attempts + 1, PROCESSED on success, FAILED
    /// with the new error otherwise. Any other event is left alone.
    mutating func retry(_ event: ProviderEvent, tenants: TenantDirectory, runID: String) -> EventDisposition {
        let key = ScopedID(event.tenantID, event.id)
        guard var state = eventsByID[key], state.status == .failed else {
            return .notRetryable(eventsByID[key]?.status)
        }
        state.move(to: .pending, runID: runID)
        let disposition = attempt(event, tenants: tenants, state: &state, runID: runID)
        set(state)
        return disposition
    }

    private mutating func attempt(
        _ event: borrowing ProviderEvent, tenants: TenantDirectory, state: inout EventState,
        runID: String
    ) -> EventDisposition {
        let result: Result<EventEffect, ApplyFailure>
        switch event.kind {
        case .checkoutSessionCompleted: result = book(event, tenants: tenants)
        case .chargeRefunded: result = refund(event)
        case .other:
            state.move(to: .ignored, runID: runID)
            return .ignored
        }
        switch result {
        case .success(let effect):
            state.move(to: .processed, runID: runID)
            return .processed(effect)
        case .failure(let failure):
            state.move(to: .failed, runID: runID, error: failure.lastError)
            return .failed(failure)
        }
    }

    /// `checkout.session.completed`: the numbered rules of SPEC §4, in order.
    private mutating func book(_ event: borrowing ProviderEvent, tenants: TenantDirectory) -> Result<
        EventEffect, ApplyFailure
    > {
        guard let metadata = event.checkoutMetadata, let sessionID = event.dataObjectID, !sessionID.isEmpty else {
            return .failure(.invalidMetadata)
        }
        guard let terms = tenants.terms(for: metadata.tenantID, at: event.created) else {
            return .failure(.unknownTenant)
        }
        let rate = terms.rate
        guard let total = event.amountTotal, total > 0 else { return .failure(.nonPositiveTotal) }
        let paymentIntent = event.paymentIntentID
        let keys = NewBookingKeys(
            tenant: metadata.tenantID, id: sessionID, date: metadata.eventDate, paymentIntent: paymentIntent)
        guard bookingPosition(keys.slot) == nil else { return .failure(.dateAlreadyBooked(metadata.eventDate)) }
        guard bookingPosition(keys.id) == nil else { return .failure(.checkoutSessionAlreadyBooked) }
        if let intent = keys.paymentIntent, bookingPosition(tenant: metadata.tenantID, paymentIntent: intent) != nil {
            return .failure(.paymentIntentAlreadyBooked)
        }
        let key = keys.id.key

        // A session without a currency is charged in the tenant's currency.
        let currency = event.currency ?? terms.currency
        let commission = Commission.amount(total: total, rate: rate)
        let booking = Booking(
            id: sessionID, tenantID: metadata.tenantID, date: metadata.eventDate, status: .paid, total: total,
            currency: currency, paidAt: event.created, checkoutSessionID: sessionID, paymentIntentID: paymentIntent,
            rate: rate, commission: commission, refunded: 0, reversed: 0, refundStatus: .none, eventID: event.id,
            packageID: metadata.packageID, tierID: metadata.tierID, addOnIDs: metadata.addOnIDs,
            metadataCommissionAmount: metadata.commissionAmount, metadataCommissionRate: metadata.commissionRate,
            warnings: metadata.warnings
        )
        let line = LedgerLine(
            sequence: nextLineSequence, kind: .payment, time: event.created, tenantID: metadata.tenantID,
            bookingID: sessionID, eventID: event.id, currency: currency, rate: rate, gross: total,
            commission: commission, refund: 0, commissionReversed: 0
        )
        let position = insert(newBooking: booking, keys: keys)  // the booking moves in
        changes.insert(booking: key)
        append(booking: position, line)
        assert(bookingViolations(key).isEmpty, "ledger invariant broken by \(event.id)")
        return .success(.booked(bookingID: sessionID, warnings: metadata.warnings))
    }

    /// `charge.refunded`: raises the booking's cumulative refund; a smaller or equal value is a no-op.
    /// The booking is found by payment intent within the refund's tenant; a refund that names no
    /// tenant finds it only when exactly one tenant holds the payment intent.
    private mutating func refund(_ event: borrowing ProviderEvent) -> Result<EventEffect, ApplyFailure> {
        guard let paymentIntent = event.paymentIntentID else { return .failure(.noBookingForPaymentIntent) }
        let position: Int
        if event.tenantID == .global {
            let holders = bookingPositions(unscopedPaymentIntent: paymentIntent)
            guard let only = holders.first else { return .failure(.noBookingForPaymentIntent) }
            guard holders.count == 1 else { return .failure(.paymentIntentOfSeveralTenants) }
            position = only
        } else {
            guard let found = bookingPosition(tenant: event.tenantID, paymentIntent: paymentIntent) else {
                return .failure(.noBookingForPaymentIntent)
            }
            position = found
        }
        var booking = bookingsByID[position: position]
        let bookingID = booking.id
        let key = booking.key
        guard let cumulative = event.amountRefunded, cumulative >= 0 else { return .failure(.invalidRefundAmount) }
        guard cumulative > booking.refunded else { return .success(.refundUnchanged(bookingID: bookingID)) }

        let reversed = Commission.reversal(commission: booking.commission, refunded: cumulative, total: booking.total)
        let refundDelta = cumulative - booking.refunded
        let reversalDelta = reversed - booking.reversed
        booking.refunded = cumulative
        booking.reversed = reversed
        (booking.refundStatus, booking.status) = RefundStatus.of(refunded: cumulative, total: booking.total)
        replaceBooking(at: position, with: booking)
        changes.insert(booking: key)
        append(
            booking: position,
            LedgerLine(
                sequence: nextLineSequence, kind: .refund, time: event.created, tenantID: booking.tenantID,
                bookingID: bookingID, eventID: event.id, eventTenantID: event.tenantID, currency: booking.currency,
                rate: booking.rate, gross: 0,
                commission: 0, refund: refundDelta, commissionReversed: reversalDelta
            ))
        assert(bookingViolations(key).isEmpty, "ledger invariant broken by \(event.id)")
        return .success(.refunded(bookingID: bookingID, refund: refundDelta, commissionReversed: reversalDelta))
    }
}
