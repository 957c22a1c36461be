extension CommissionStatement {
    /// Stable column order of the statement CSV. Every row names its tenant and month,
    /// so appended files still say whose line each is. The money columns (`gross` … `net`) are
    /// flows of the month: summed over every statement of a month they give `summary.csv`.
    /// `original_gross` and `original_commission` are references (the refunded booking's payment,
    /// shown in `original_month`), not flows.
    static let csvColumns = [
        "tenant_id", "month", "date", "kind", "platform_booking_id", "event_date", "package_id",
        "session_id", "event_id", "rate_applied_percent", "rate_note",
        "original_month", "original_gross", "original_commission", "currency",
        "gross", "commission_charged", "refund", "commission_reversed", "net_commission", "net",
        "open_exceptions", "prior_period_month",
    ]

    /// RFC 4180 CSV: a header and one row per line, nothing else: the totals are in
    /// `summary.csv`, the JSON and the HTML. Amounts have two decimals; the currency is the
    /// upper-case ISO code, as in every other output. No generation stamp: the bytes change only
    /// with the content.
    func renderCSV() -> [UInt8] {
        var csv = CSVWriter(capacity: 256 + lines.count * 220)
        csv.header(Self.csvColumns)
        let code = OutboxFormat.currencyCode(currency)
        for line in lines {
            func text(_ s: String?) -> CSVCell { s.map { .text($0) } ?? .empty }
            func amount(_ c: Cents?) -> CSVCell { c.map { .amount($0) } ?? .empty }
            csv.row([
                .text(tenantID.rawValue), .text(month), .text(line.date.text), .text(line.kind.rawValue),
                text(line.platformBookingID), text(line.eventDate), text(line.packageID),
                .text(line.bookingID), .text(line.eventID), .amount(line.appliedRate.value), text(line.rateNote),
                text(line.originalMonth), amount(line.originalGrossCents), amount(line.originalCommissionCents),
                .text(code),
                .amount(line.gross), .amount(line.commission), .amount(line.refund),
                .amount(line.commissionReversed), .amount(line.netCommission), .amount(line.net),
                text(line.openExceptions.isEmpty ? nil : line.openExceptions.joined(separator: " ")),
                text(line.adjustsMonth),
            ])
        }
        return csv.bytes
    }

    static func countsText(_ t: Totals) -> String {
        "\(t.bookings) booking\(t.bookings == 1 ? "" : "s"), \(t.refunds) refund\(t.refunds == 1 ? "" : "s")"
    }
}

extension CommissionStatement.Line {
    /// In words, when a limit of SPEC §5 replaced the tenant's rate: "0.5 % minimum applied
    /// (tenant rate 0.00%)".
    var rateNote: String? {
        rateBound.map { "\($0.words) applied (tenant rate \(ledgerLine.rate.percentText))" }
    }
}
