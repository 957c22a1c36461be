extension RunReport {
    /// Stable column order of `exceptions.csv`.
    public static let exceptionsCSVColumns = ["kind", "tenant_id", "booking_ref", "event_id", "currency",
                                              "expected", "actual", "difference", "detail"]

    /// `exceptions.csv`: RFC 4180, a header and one row per exception in report order; unknown
    /// values are empty cells; amounts have two decimals; `difference` is `actual − expected`.
    /// No totals row (the rows are not additive across kinds).
    public func renderExceptionsCSV() -> [UInt8] {
        var out = ByteOutput(capacity: 128 + exceptions.count * 160)
        renderExceptionsCSV(to: &out)
        return out.bytes
    }

    /// `exceptions.csv` into `out`, row by row: the cells of ``CSVWriter``, written straight to
    /// bytes.
    public func renderExceptionsCSV(to out: inout ByteOutput) {
        var header = CSVWriter()
        header.header(Self.exceptionsCSVColumns)
        out.bytes += header.bytes
        exceptions.withUnsafeBufferPointer { e in
            for i in e.indices {
                Self.appendRow(e[i], to: &out.bytes)
                out.flushIfFull()
            }
        }
        out.flushIfFull()
    }

    @inline(__always)
    private static func appendRow(_ e: borrowing ReportException, to bytes: inout [UInt8]) {
        let comma = UInt8(ascii: ",")
        bytes.appendCSVText(e.kind.rawValue)
        bytes.append(comma)
        bytes.appendCSVText(e.tenant.rawValue)
        bytes.append(comma)
        if let ref = e.bookingRef { bytes.appendCSVText(ref) }
        bytes.append(comma)
        if let id = e.eventID { bytes.appendCSVText(id) }
        bytes.append(comma)
        if let currency = e.currency { bytes.appendCSVText(OutboxFormat.currencyCode(currency)) }
        bytes.append(comma)
        if let cents = e.expectedCents { bytes.appendDecimal2(cents) }
        bytes.append(comma)
        if let cents = e.actualCents { bytes.appendDecimal2(cents) }
        bytes.append(comma)
        if let cents = e.differenceCents { bytes.appendDecimal2(cents) }
        bytes.append(comma)
        bytes.appendCSVText(e.detail)
        bytes.append(0x0d)
        bytes.append(0x0a)
    }
}
