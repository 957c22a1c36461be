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
    /// booking's rate, which may be another month's, so they do not count.
    var ratesApplied: [RatePeriod] {
        var periods: [BasisPoints: RatePeriod] = [:]
        for line in lines where line.kind == .payment {
            let rate = line.appliedRate
            let date = line.date
            if let p = periods[rate] {
                periods[rate] = RatePeriod(
                    rate: rate, firstDate: min(p.firstDate, date), lastDate: max(p.lastDate, date),
                    bound: p.bound ?? line.rateBound, lines: p.lines + 1)
            } else {
                periods[rate] = RatePeriod(
                    rate: rate, firstDate: date, lastDate: date, bound: line.rateBound, lines: 1)
            }
        }
        return periods.values.sorted { $0.rate < $1.rate }
    }
}

extension CommissionStatement {
    /// One booking paid, or one refund, in the month: a ledger line (its figures, its date, its
    /// ids, read through it) and what the statement shows beside it.
    @dynamicMemberLookup
    struct Line: Sendable, Equatable {
        /// The ledger line shown; its date is the paid date of a payment, the date of a refund.
        let ledgerLine: LedgerLine
        /// What a tenant recognises its booking by: the platform's booking id when the
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

        init(_ ledgerLine: LedgerLine) { self.ledgerLine = ledgerLine }

        subscript<T>(dynamicMember field: KeyPath<LedgerLine, T>) -> T { ledgerLine[keyPath: field] }

        /// The rate the commission was actually charged at: the tenant's, or the limit that replaced it.
        var appliedRate: BasisPoints { rateBound?.rate ?? ledgerLine.rate }

        /// Statement order: date, payments before refunds, booking id, event id.
        static func statementOrder(_ a: Line, _ b: Line) -> Bool {
            let (da, db) = (a.ledgerLine.date, b.ledgerLine.date)
            if da != db { return da < db }
            let (x, y) = (a.ledgerLine, b.ledgerLine)
            if x.kind != y.kind { return x.kind == .payment }
            if x.bookingID != y.bookingID { return x.bookingID.utf8Precedes(y.bookingID) }
            return x.eventID.utf8Precedes(y.eventID)
        }
    }

    /// A rate and the dates of the first and last line charged at it.
    struct RatePeriod: Sendable, Equatable {
        let rate: BasisPoints
        let firstDate: CalendarDate
        let lastDate: CalendarDate
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

        static let zero = Totals(
            bookings: 0, refunds: 0, grossCents: 0, commissionCents: 0, refundCents: 0, commissionReversedCents: 0,
            netCents: 0)

        /// The sums of two statements' totals (one currency's, in the month index).
        static func + (a: Totals, b: Totals) -> Totals {
            Totals(
                bookings: a.bookings + b.bookings, refunds: a.refunds + b.refunds,
                grossCents: a.grossCents + b.grossCents,
                commissionCents: a.commissionCents + b.commissionCents, refundCents: a.refundCents + b.refundCents,
                commissionReversedCents: a.commissionReversedCents + b.commissionReversedCents,
                netCents: a.netCents + b.netCents)
        }

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
                gross += line.gross
                commission += line.commission
                refund += line.refund
                reversed += line.commissionReversed
                net += line.net
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
