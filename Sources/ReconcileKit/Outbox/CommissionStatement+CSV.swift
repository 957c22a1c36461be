extension CommissionStatement {
    /// Stable column order of the statement CSV.
    public static let csvColumns = ["date", "kind", "booking_id", "event_id", "rate_percent", "currency",
                                    "gross", "commission", "refund", "commission_reversed", "net"]

    /// RFC 4180 CSV: header, one row per line, then one totals row whose `date` is `Total`,
    /// whose `booking_id` reads "N bookings, M refunds", with the currency and the five sums.
    /// Amounts have two decimals. No generation stamp: the bytes change only with the content.
    public func renderCSV() -> [UInt8] {
        var csv = CSVWriter(capacity: 256 + lines.count * 120)
        csv.header(Self.csvColumns)
        let code = OutboxFormat.currencyCode(currency)
        for line in lines {
            csv.row { out in
                out.appendCSVText(line.date)
                out.append(UInt8(ascii: ",")); out.appendCSVText(line.kind.rawValue)
                out.append(UInt8(ascii: ",")); out.appendCSVText(line.bookingID)
                out.append(UInt8(ascii: ",")); out.appendCSVText(line.eventID)
                out.append(UInt8(ascii: ",")); out.appendDecimal2(line.rate.value)  // rate_percent
                out.append(UInt8(ascii: ",")); out.appendCSVText(code)
                out.append(UInt8(ascii: ",")); out.appendDecimal2(line.grossCents)
                out.append(UInt8(ascii: ",")); out.appendDecimal2(line.commissionCents)
                out.append(UInt8(ascii: ",")); out.appendDecimal2(line.refundCents)
                out.append(UInt8(ascii: ",")); out.appendDecimal2(line.commissionReversedCents)
                out.append(UInt8(ascii: ",")); out.appendDecimal2(line.netCents)
            }
        }
        let t = totals
        csv.row([.text("Total"), .empty, .text(Self.countsText(t)), .empty, .empty, .text(code),
                 .amount(t.grossCents), .amount(t.commissionCents), .amount(t.refundCents),
                 .amount(t.commissionReversedCents), .amount(t.netCents)])
        return csv.bytes
    }

    static func countsText(_ t: Totals) -> String {
        "\(t.bookings) booking\(t.bookings == 1 ? "" : "s"), \(t.refunds) refund\(t.refunds == 1 ? "" : "s")"
    }
}
