@testable import ReconcileKit

/// Statement lines for rendering tests: a ledger line at 00:00 UTC of `date` (`YYYY-MM-DD`),
/// with nothing shown beside it.
extension CommissionStatement.Line {
    static func payment(
        date: String, bookingID: String, eventID: String, rate: BasisPoints, grossCents: Cents,
        commissionCents: Cents, sequence: Int = 0
    ) -> Self {
        line(.payment, date, bookingID, eventID, rate, sequence, figures: (grossCents, commissionCents, 0, 0))
    }

    static func refund(
        date: String, bookingID: String, eventID: String, rate: BasisPoints, refundCents: Cents,
        commissionReversedCents: Cents, sequence: Int = 0
    ) -> Self {
        line(.refund, date, bookingID, eventID, rate, sequence, figures: (0, 0, refundCents, commissionReversedCents))
    }

    private static func line(
        _ kind: LedgerLine.Kind, _ date: String, _ bookingID: String, _ eventID: String, _ rate: BasisPoints,
        _ sequence: Int, figures f: (gross: Cents, commission: Cents, refund: Cents, reversed: Cents)
    ) -> Self {
        Self(
            LedgerLine(
                sequence: sequence, kind: kind, time: CalendarDate(date)!.unixSecondsAtMidnight,
                tenantID: TenantID("t"), bookingID: bookingID, eventID: eventID, currency: "usd", rate: rate,
                gross: f.gross, commission: f.commission, refund: f.refund, commissionReversed: f.reversed))
    }
}
