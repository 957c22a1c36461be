/// `statements/<YYYY-MM>/summary.csv`: the platform-wide month in one spreadsheet, one row per
/// tenant statement, then one totals row per currency: its `tenant_id` is empty (no tenant id
/// is) and its `tenant_name` reads "Total, N tenants", so a program drops it without ambiguity.
/// RFC 4180 through ``CSVWriter`` (CRLF, quoted when needed, formula-guarded text, bare two-decimal amounts). No
/// generation stamp, so the bytes change only when a tenant's figures do.
enum MonthSummary {
    /// Stable column order. `bookings` and `refund_count` are line counts; the amounts are the
    /// statement totals (`refunds` = amount refunded, `commission_reversed` = commission given back).
    static let columns = [
        "month", "tenant_id", "tenant_name", "currency", "bookings", "refund_count",
        "gross", "commission_charged", "refunds", "commission_reversed", "net_commission", "net",
    ]

    static func renderCSV(_ index: MonthIndex) -> [UInt8] {
        var csv = CSVWriter()
        csv.header(columns)
        for e in index.entries {
            let t = e.totals
            csv.row([
                .text(index.month), .text(e.tenantID.rawValue), .text(e.tenantName),
                .text(OutboxFormat.currencyCode(e.currency)),
                .integer(Int64(t.bookings)), .integer(Int64(t.refunds)),
                .amount(t.grossCents), .amount(t.commissionCents), .amount(t.refundCents),
                .amount(t.commissionReversedCents), .amount(t.netCommissionCents), .amount(t.netCents),
            ])
        }
        for t in index.currencyTotals {
            csv.row([
                .text(index.month), .empty, .text("Total, \(t.tenants) tenant\(t.tenants == 1 ? "" : "s")"),
                .text(OutboxFormat.currencyCode(t.currency)),
                .integer(Int64(t.bookings)), .integer(Int64(t.refunds)),
                .amount(t.grossCents), .amount(t.commissionCents), .amount(t.refundCents),
                .amount(t.commissionReversedCents), .amount(t.netCommissionCents),
                .amount(t.netCents),
            ])
        }
        return csv.bytes
    }
}
