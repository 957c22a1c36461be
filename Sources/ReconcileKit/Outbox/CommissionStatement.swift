/// The commission statement of one tenant for one calendar month (SPEC §6), as plain values the
/// integrator maps from the ledger. Renderers: ``renderCSV()``, ``renderJSON(stamp:)``,
/// ``renderHTML(stamp:)``. Totals and the rates applied are computed from the lines, never taken
/// from the caller, so a statement always adds up.
struct CommissionStatement: Sendable, Equatable {
    let tenantID: TenantID
    let tenantName: String
    /// `YYYY-MM`, UTC.
    let month: String
    /// ISO 4217 code as the ledger holds it ("usd"); shown upper-case.
    let currency: String
    /// In statement order: date, payments before refunds, booking id, event id.
    let lines: [Line]
    /// The statement's revision (``StatementRevisions``): 1 when first written, the next number
    /// whenever lines are added, until its month is closed.
    var revision: Int = 1
    /// For a revision after the first: the last ledger line of the revision before; the lines
    /// after it are what changed since.
    var revisedAfterLine: Int? = nil

    /// The lines added since the revision before (empty for revision 1).
    var changedSinceLastRevision: [Line] {
        guard let after = revisedAfterLine else { return [] }
        return lines.filter { $0.sequence > after }
    }

    init(tenantID: TenantID, tenantName: String, month: String, currency: String, lines: [Line]) {
        self.tenantID = tenantID
        self.tenantName = tenantName
        self.month = month
        self.currency = currency
        self.lines = lines.sorted(by: Line.statementOrder)
    }

    var totals: Totals { Totals(lines: lines) }

    /// Each distinct rate the month's payments were charged at (the limit's where one applied),
    /// with the first and last line date it appears on, by rate. Refund lines carry their
    /// booking's rate, which may be another month's, so they do not count (issue 19).
    var ratesApplied: [RatePeriod] {
        var periods: [BasisPoints: RatePeriod] = [:]
        for line in lines where line.kind == .payment {
            let rate = line.appliedRate
            if let p = periods[rate] {
                periods[rate] = RatePeriod(
                    rate: rate, firstDate: min(p.firstDate, line.date), lastDate: max(p.lastDate, line.date),
                    bound: p.bound ?? line.rateBound, lines: p.lines + 1)
            } else {
                periods[rate] = RatePeriod(
                    rate: rate, firstDate: line.date, lastDate: line.date, bound: line.rateBound, lines: 1)
            }
        }
        return periods.values.sorted { $0.rate < $1.rate }
    }
}

extension CommissionStatement {
    enum LineKind: String, Sendable, CaseIterable {
        /// A booking paid in the month: gross and commission.
        case payment
        /// A refund that happened in the month: refunded amount and commission reversed.
        case refund
    }

    /// One booking paid, or one refund, in the month.
    struct Line: Sendable, Equatable {
        /// `YYYY-MM-DD`, UTC: the paid date of a payment, the date of a refund.
        let date: String
        let kind: LineKind
        let bookingID: String
        /// The provider event behind the line (`evt_…`).
        let eventID: String
        /// The rate the booking was charged at (a refund line carries its booking's rate).
        let rate: BasisPoints
        let grossCents: Cents
        let commissionCents: Cents
        /// The amount refunded by this line's event (the increase of the cumulative refund).
        let refundCents: Cents
        let commissionReversedCents: Cents
        /// What a tenant recognises its booking by (issue 19): the platform's booking id when the
        /// platform export holds the booking, the reserved (event) date and the package of the
        /// checkout. `bookingID` stays the checkout session id, as a reference.
        var platformBookingID: String? = nil
        var eventDate: String? = nil
        var packageID: String? = nil
        /// The limit of SPEC §5 that replaced the tenant's rate on the booking, if one did.
        var rateBound: Commission.Bound? = nil
        /// A refund line: the month its booking was paid in and the booking's total and commission,
        /// so the reversal can be checked.
        var originalMonth: String? = nil
        var originalGrossCents: Cents? = nil
        var originalCommissionCents: Cents? = nil
        /// The kinds of the reconciliation exceptions open on the line's booking, in report order:
        /// why the line may still change.
        var openExceptions: [String] = []
        /// A prior-period adjustment: the closed month the line belongs to, shown in the first open
        /// month after it (SPEC §6).
        var adjustsMonth: String? = nil
        /// The ledger line's sequence (1-based, stable): tells a revision's new lines apart.
        var sequence: Int = 0

        /// The rate the commission was actually charged at: the tenant's, or the limit that replaced it.
        var appliedRate: BasisPoints { rateBound?.rate ?? rate }
        /// `commission − commission reversed`: the platform's part of this line.
        var netCommissionCents: Cents { commissionCents - commissionReversedCents }

        init(
            date: String, kind: LineKind, bookingID: String, eventID: String, rate: BasisPoints,
            grossCents: Cents, commissionCents: Cents, refundCents: Cents, commissionReversedCents: Cents
        ) {
            self.date = date
            self.kind = kind
            self.bookingID = bookingID
            self.eventID = eventID
            self.rate = rate
            self.grossCents = grossCents
            self.commissionCents = commissionCents
            self.refundCents = refundCents
            self.commissionReversedCents = commissionReversedCents
        }

        static func payment(
            date: String, bookingID: String, eventID: String, rate: BasisPoints,
            grossCents: Cents, commissionCents: Cents
        ) -> Line {
            Line(
                date: date, kind: .payment, bookingID: bookingID, eventID: eventID, rate: rate,
                grossCents: grossCents, commissionCents: commissionCents, refundCents: 0, commissionReversedCents: 0)
        }

        static func refund(
            date: String, bookingID: String, eventID: String, rate: BasisPoints,
            refundCents: Cents, commissionReversedCents: Cents
        ) -> Line {
            Line(
                date: date, kind: .refund, bookingID: bookingID, eventID: eventID, rate: rate,
                grossCents: 0, commissionCents: 0, refundCents: refundCents,
                commissionReversedCents: commissionReversedCents)
        }

        /// What the tenant keeps from this line (SPEC §5):
        /// `gross − commission − refund + commission reversed`; negative for a refund.
        var netCents: Cents { grossCents - commissionCents - refundCents + commissionReversedCents }

        static func statementOrder(_ a: Line, _ b: Line) -> Bool {
            let ka = a.kind == .payment ? 0 : 1
            let kb = b.kind == .payment ? 0 : 1
            if a.date != b.date { return a.date.utf8Precedes(b.date) }
            if ka != kb { return ka < kb }
            if a.bookingID != b.bookingID { return a.bookingID.utf8Precedes(b.bookingID) }
            return a.eventID.utf8Precedes(b.eventID)
        }
    }

    /// A rate and the dates of the first and last line charged at it.
    struct RatePeriod: Sendable, Equatable {
        let rate: BasisPoints
        let firstDate: String
        let lastDate: String
        /// Set when the rate is a limit of SPEC §5 that replaced the tenant's rate.
        var bound: Commission.Bound? = nil
        /// Payment lines charged at the rate.
        var lines: Int = 0
    }

    /// Sums of the lines.
    struct Totals: Sendable, Equatable {
        /// Payment lines (bookings paid in the month).
        let bookings: Int
        /// Refund lines.
        let refunds: Int
        let grossCents: Cents
        let commissionCents: Cents
        let refundCents: Cents
        let commissionReversedCents: Cents
        let netCents: Cents
        /// `commission − commission reversed`.
        var netCommissionCents: Cents { commissionCents - commissionReversedCents }

        init(
            bookings: Int, refunds: Int, grossCents: Cents, commissionCents: Cents, refundCents: Cents,
            commissionReversedCents: Cents, netCents: Cents
        ) {
            self.bookings = bookings
            self.refunds = refunds
            self.grossCents = grossCents
            self.commissionCents = commissionCents
            self.refundCents = refundCents
            self.commissionReversedCents = commissionReversedCents
            self.netCents = netCents
        }

        init(lines: [Line]) {
            var bookings = 0
            var refunds = 0
            var gross: Cents = 0
            var commission: Cents = 0
            var refund: Cents = 0
            var reversed: Cents = 0
            var net: Cents = 0
            for line in lines {
                if line.kind == .payment { bookings += 1 } else { refunds += 1 }
                gross += line.grossCents
                commission += line.commissionCents
                refund += line.refundCents
                reversed += line.commissionReversedCents
                net += line.netCents
            }
            self.bookings = bookings
            self.refunds = refunds
            grossCents = gross
            commissionCents = commission
            refundCents = refund
            commissionReversedCents = reversed
            netCents = net
        }
    }

    /// When and by which run a statement's content was generated; shown in the JSON and HTML
    /// footers. The CSV carries no stamp.
    struct GenerationStamp: Sendable, Equatable {
        /// The run's `--as-of` time, unix seconds. Never the wall clock.
        let asOf: Int64
        let runID: String
        init(asOf: Int64, runID: String) {
            self.asOf = asOf
            self.runID = runID
        }
    }
}
