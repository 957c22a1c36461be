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
    /// Rows are rendered in slices on up to `jobs` threads; the bytes are the same for any `jobs`.
    public func renderExceptionsCSV(to out: inout ByteOutput, jobs: Int = 1) {
        var header = CSVWriter()
        header.header(Self.exceptionsCSVColumns)
        out.bytes += header.bytes
        out.appendInSlices(count: exceptions.count, jobs: jobs) { [exceptions] range, part in
            exceptions.withUnsafeBufferPointer { e in  // through a pointer: fields read in place, no struct copied
                for i in range { Self.appendRow(e.baseAddress! + i, to: &part.bytes) }
            }
        }
        out.flushIfFull()
    }

    private static func appendRow(_ e: UnsafePointer<ReportException>, to bytes: inout [UInt8]) {
        let comma = UInt8(ascii: ",")
        bytes.appendCSVText(e.pointee.kind.rawValue)
        bytes.append(comma)
        bytes.appendCSVText(e.pointee.tenant.rawValue)
        bytes.append(comma)
        if let ref = e.pointee.bookingRef { bytes.appendCSVText(ref) }
        bytes.append(comma)
        if let id = e.pointee.eventID { bytes.appendCSVText(id) }
        bytes.append(comma)
        if let currency = e.pointee.currency { bytes.appendCSVText(OutboxFormat.currencyCode(currency)) }
        bytes.append(comma)
        if let cents = e.pointee.expectedCents { bytes.appendDecimal2(cents) }
        bytes.append(comma)
        if let cents = e.pointee.actualCents { bytes.appendDecimal2(cents) }
        bytes.append(comma)
        if let cents = e.pointee.differenceCents { bytes.appendDecimal2(cents) }
        bytes.append(comma)
        bytes.appendCSVText(e.pointee.detail)
        bytes.append(0x0d)
        bytes.append(0x0a)
    }
}
