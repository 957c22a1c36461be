extension RunReport {
    /// Stable column order of `exceptions.csv`: every reference and amount in the
    /// column of the side it comes from. `compared_with` names the record the ledger was compared
    /// with (`platform`, `checkout_metadata`, `bank`; empty for kinds with one counterpart).
    static let exceptionsCSVColumns = [
        "kind", "tenant_id", "compared_with", "ledger_session_id", "ledger_event_id",
        "platform_booking_id", "bank_entry_id", "bank_booking_date", "bank_reference",
        "bank_account", "currency", "ledger_amount", "platform_amount", "bank_amount",
        "metadata_amount", "difference", "detail",
        "first_seen", "age_days", "age_bucket", "since_last_run",
    ]

    /// `exceptions.csv`: RFC 4180, a header and one row per exception in report order; unknown
    /// values are empty cells; amounts have two decimals. The ledger's amount (or, for a booking
    /// the ledger lacks, the platform's) goes to its side's column, the other record's amount to
    /// the column of `compared_with`; `difference` is other − ledger.
    /// No totals row (the rows are not additive across kinds).
    func renderExceptionsCSV() -> [UInt8] {
        var out = ByteOutput(capacity: 128 + exceptionTable.count * 160)
        renderExceptionsCSV(to: &out)
        return out.bytes
    }

    /// `exceptions.csv` into `out`, row by row: the cells of ``CSVWriter``, written straight to
    /// bytes.
    /// Rows are rendered in slices on up to `jobs` threads; the bytes are the same for any `jobs`.
    func renderExceptionsCSV(to out: inout ByteOutput, jobs: Int = 1) {
        var header = CSVWriter()
        header.header(Self.exceptionsCSVColumns)
        out.bytes += header.bytes
        // The aging list: oldest first seen first, then report order.
        let order = agingOrder
        let today = CalendarDate(unixSeconds: asOf).daysSinceEpoch
        out.appendInSlices(count: exceptionTable.count, jobs: jobs) { [exceptionTable] range, part in
            exceptionTable.withView { v in
                for i in range { Self.appendRow(v.rows[order[i]], v, today: today, to: &part.bytes) }
            }
        }
        out.flushIfFull()
    }

    private static func appendRow(
        _ e: ExceptionTable.Row, _ v: ExceptionTable.View, today: Int64, to bytes: inout [UInt8]
    ) {
        let comma = UInt8(ascii: ",")
        bytes.appendCSVText(utf8: v.text(e.kind)!)
        bytes.append(comma)
        bytes.appendCSVText(utf8: v.text(e.tenant)!)
        for field in [
            e.source, e.ledgerBooking, e.eventID, e.platformBooking, e.bankEntry, e.bankDate, e.bankReference,
            e.bankAccount, e.currencyCode,
        ] {
            bytes.append(comma)
            if let text = v.text(field) { bytes.appendCSVText(utf8: text) }
        }
        bytes.append(comma)
        // ledger, platform, bank, metadata
        var amounts: [Cents?] = [nil, nil, nil, nil]
        amounts[e.ledgerBooking >= 0 ? 0 : 1] = e.expectedCents
        if let actual = e.actualCents {
            amounts[Self.otherSide(source: v.text(e.source), kind: v.text(e.kind)!)] = actual
        }
        for cents in amounts {
            if let cents { bytes.appendDecimal2(cents) }
            bytes.append(comma)
        }
        if let cents = e.differenceCents { bytes.appendDecimal2(cents) }
        bytes.append(comma)
        bytes.appendCSVText(utf8: v.text(e.detail)!)
        bytes.append(comma)
        if e.firstSeenDay >= 0 {
            let age = today - Int64(e.firstSeenDay)
            bytes.append(contentsOf: CalendarDate(unixSeconds: Int64(e.firstSeenDay) * 86_400).text.utf8)
            bytes.append(comma)
            bytes.appendInteger(age)
            bytes.append(comma)
            bytes.appendCSVText(ageBucket(age))
            bytes.append(comma)
            bytes.append(contentsOf: e.since.text.utf8)
        } else {
            bytes.append(contentsOf: ",,".utf8)
            bytes.append(comma)
        }
        bytes.append(0x0d)
        bytes.append(0x0a)
    }

    /// The amount column of the record the ledger was compared with: 1 platform, 2 bank,
    /// 3 checkout metadata. Without a source, a bank credit's kind says bank, any other the platform.
    static func otherSide(source: UnsafeBufferPointer<UInt8>?, kind: UnsafeBufferPointer<UInt8>) -> Int {
        if let source {
            if source.elementsEqual("bank".utf8) { return 2 }
            if source.elementsEqual("checkout_metadata".utf8) { return 3 }
            return 1
        }
        return kind.elementsEqual(ExceptionKind.unmatchedBankCredit.rawValue.utf8) ? 2 : 1
    }
}
