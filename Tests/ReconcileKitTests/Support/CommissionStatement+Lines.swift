@testable import ReconcileKit

/// Statement lines for rendering tests: a ledger line at 00:00 UTC of `date` (`YYYY-MM-DD`),
/// with nothing shown beside it.
extension CommissionStatement.Line {
    static func payment(
        date: String, bookingID: String, eventID: String, rate: BasisPoints, grossCents: Cents,
        commissionCents: Cents, sequence: Int = 0
    ) -> Self {
        Self(
            LedgerLine(
                sequence: sequence, kind: .payment, time: CalendarDate(date)!.unixSecondsAtMidnight,
                tenantID: TenantID("t"), bookingID: bookingID, eventID: eventID, currency: "usd", rate: rate,
                gross: grossCents, commission: commissionCents, refund: 0, commissionReversed: 0))
    }

    static func refund(
        date: String, bookingID: String, eventID: String, rate: BasisPoints, refundCents: Cents,
        commissionReversedCents: Cents, sequence: Int = 0
    ) -> Self {
        Self(
            LedgerLine(
                sequence: sequence, kind: .refund, time: CalendarDate(date)!.unixSecondsAtMidnight,
                tenantID: TenantID("t"), bookingID: bookingID, eventID: eventID, currency: "usd", rate: rate,
                gross: 0, commission: 0, refund: refundCents, commissionReversed: commissionReversedCents))
    }
}
