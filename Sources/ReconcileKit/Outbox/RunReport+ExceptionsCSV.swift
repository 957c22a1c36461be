extension RunReport {
    /// Stable column order of `exceptions.csv`.
    public static let exceptionsCSVColumns = ["kind", "tenant_id", "booking_ref", "event_id", "currency",
                                              "expected", "actual", "difference", "detail"]

    /// `exceptions.csv`: RFC 4180, a header and one row per exception in report order; unknown
    /// values are empty cells; amounts have two decimals; `difference` is `actual − expected`.
    /// No totals row (the rows are not additive across kinds).
    public func renderExceptionsCSV() -> [UInt8] {
        var out = ByteOutput(capacity: 128 + exceptionTable.count * 160)
        renderExceptionsCSV(to: &out)
        return out.bytes
    }

    /// `exceptions.csv` into `out`, row by row: the cells of ``CSVWriter``, written straight to
    /// bytes.
    /// Rows are rendered in slices on up to `jobs` threads; the bytes are the same for any `jobs`.
    public func renderExceptionsCSV(to out: inout ByteOutput, jobs: Int = 1) {
        var header = CSVWriter()
        header.header(Self.exceptionsCSVColumns)
        out.bytes += header.bytes
        out.appendInSlices(count: exceptionTable.count, jobs: jobs) { [exceptionTable] range, part in
            exceptionTable.withView { v in
                for i in range { Self.appendRow(v.rows[i], v, to: &part.bytes) }
            }
        }
        out.flushIfFull()
    }

    private static func appendRow(_ e: ExceptionTable.Row, _ v: ExceptionTable.View, to bytes: inout [UInt8]) {
        let comma = UInt8(ascii: ",")
        bytes.appendCSVText(utf8: v.text(e.kind)!)
        bytes.append(comma)
        bytes.appendCSVText(utf8: v.text(e.tenant)!)
        bytes.append(comma)
        if let ref = v.text(e.bookingRef) { bytes.appendCSVText(utf8: ref) }
        bytes.append(comma)
        if let id = v.text(e.eventID) { bytes.appendCSVText(utf8: id) }
        bytes.append(comma)
        if let code = v.text(e.currencyCode) { bytes.appendCSVText(utf8: code) }
        bytes.append(comma)
        if let cents = e.expectedCents { bytes.appendDecimal2(cents) }
        bytes.append(comma)
        if let cents = e.actualCents { bytes.appendDecimal2(cents) }
        bytes.append(comma)
        if let cents = e.differenceCents { bytes.appendDecimal2(cents) }
        bytes.append(comma)
        bytes.appendCSVText(utf8: v.text(e.detail)!)
        bytes.append(0x0d)
        bytes.append(0x0a)
    }
}
