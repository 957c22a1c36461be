extension RunReport {
    /// Stable column order of `exceptions.csv`.
    public static let exceptionsCSVColumns = ["kind", "tenant_id", "booking_ref", "event_id", "currency",
                                              "expected", "actual", "difference", "detail"]

    /// `exceptions.csv`: RFC 4180, a header and one row per exception in report order; unknown
    /// values are empty cells; amounts have two decimals; `difference` is `actual − expected`.
    /// No totals row (the rows are not additive across kinds).
    public func renderExceptionsCSV() -> [UInt8] {
        var csv = CSVWriter(capacity: 128 + exceptions.count * 160)
        csv.header(Self.exceptionsCSVColumns)
        for i in exceptions.indices {
            let e = exceptions[i]
            csv.row([
                .text(e.kind.rawValue), .text(e.tenant.rawValue), e.bookingRef.map { .text($0) } ?? .empty,
                e.eventID.map { .text($0) } ?? .empty, e.currency.map { .text(OutboxFormat.currencyCode($0)) } ?? .empty,
                e.expectedCents.map { .amount($0) } ?? .empty, e.actualCents.map { .amount($0) } ?? .empty,
                e.differenceCents.map { .amount($0) } ?? .empty, .text(e.detail),
            ])
        }
        return csv.bytes
    }
}
