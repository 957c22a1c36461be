/// The months finance has closed (SPEC §6): `reconcile close --month YYYY-MM`. A closed
/// month's statements never change again: they hold the ledger lines of that month the ledger had
/// when it was closed; a later line of that month (a late payment or refund) becomes a
/// prior-period adjustment line in the first open month after it. Stored in the `closed_months`
/// table (month → closing run, as-of time, ledger line count).
struct ClosedMonths: Sendable, Equatable {
    struct Closing: Sendable, Equatable {
        /// The run (or close command) that closed the month, and its as-of time.
        let runID: String
        let asOf: Int64
        /// Ledger lines 1…lineCount were in the ledger when the month was closed.
        let lineCount: Int
    }

    /// By month, `YYYY-MM`.
    var months: [String: Closing] = [:]

    init() {}

    func isClosed(_ month: String) -> Bool { months[month] != nil }

    /// The statement month of a ledger line: its own month, unless that month is closed and the
    /// line came after the closing: then the first open month after it.
    func statementMonth(of line: LedgerLine) -> (month: String, adjusts: String?) {
        let own = line.date.monthText
        guard let closing = months[own], line.sequence > closing.lineCount else { return (own, nil) }
        return (firstOpenMonth(after: own), own)
    }

    /// The first month after `month` that is not closed.
    func firstOpenMonth(after month: String) -> String {
        var m = CalendarMonth(month)!
        repeat { m = m.next } while months[m.text] != nil
        return m.text
    }
}

extension CalendarMonth {
    /// The month after this one.
    var next: CalendarMonth {
        let (y, m) = month == 12 ? (year + 1, 1) : (year, month + 1)
        let year = String(y)
        let pad = String(repeating: "0", count: max(0, 4 - year.count))
        return CalendarMonth("\(pad)\(year)-\(m < 10 ? "0" : "")\(m)")!
    }
}
