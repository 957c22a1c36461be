/// What ``Ledger/apply(_:tenants:runID:)`` or ``Ledger/retry(_:tenants:runID:)`` did with an event.
enum EventDisposition: Equatable, Sendable {
    /// Now PROCESSED.
    case processed(EventEffect)
    /// Now FAILED with ``ApplyFailure/lastError``.
    case failed(ApplyFailure)
    /// A type the ledger does not act on: recorded IGNORED and counted.
    case ignored
    /// The event id already had a final state (PROCESSED, FAILED or IGNORED): nothing was applied.
    /// A FAILED event is only re-attempted by ``Ledger/retry(_:tenants:runID:)``.
    case alreadyRecorded(EventStatus)
    /// `retry` of an event that is not FAILED (or never seen: `nil`): nothing was done.
    case notRetryable(EventStatus?)
}

/// The change a PROCESSED event made to the ledger.
enum EventEffect: Equatable, Sendable {
    case booked(bookingID: String, warnings: [BookingWarning])
    /// Cumulative refund raised: the line's refund and reversed commission deltas.
    case refunded(bookingID: String, refund: Cents, commissionReversed: Cents)
    /// `amount_refunded` not above what the booking already had: no-op.
    case refundUnchanged(bookingID: String)
}
