/// Which platform statuses agree with a ledger booking, and which platform statuses claim money
/// was received. The decision and its reasons are in `docs/ledger-rules.md`.
enum PlatformStatusMapping {
    /// Statuses in which the platform believes it holds the customer's money.
    static let moneyHeld: Set<PlatformBookingStatus> = [.depositPaid, .paid, .confirmed, .fulfilled]

    /// The platform statuses consistent with a ledger booking's state:
    /// - paid, no refund → DEPOSIT_PAID, PAID, CONFIRMED, FULFILLED;
    /// - paid, partial refund → those, or CANCELED (a cancellation that kept a fee);
    /// - refunded in full → REFUNDED or CANCELED.
    /// PENDING never agrees with a paid checkout.
    static func consistentStatuses(for booking: Booking) -> Set<PlatformBookingStatus> {
        switch (booking.status, booking.refundStatus) {
        case (.refunded, _): [.refunded, .canceled]
        case (.paid, .partial): moneyHeld.union([.canceled])
        case (.paid, _): moneyHeld
        }
    }

    /// `consistentStatuses(for: booking).contains(status)`, without building the set.
    static func agrees(_ booking: Booking, _ status: PlatformBookingStatus) -> Bool {
        switch (booking.status, booking.refundStatus) {
        case (.refunded, _): status == .refunded || status == .canceled
        case (.paid, .partial): moneyHeld.contains(status) || status == .canceled
        case (.paid, _): moneyHeld.contains(status)
        }
    }
}
