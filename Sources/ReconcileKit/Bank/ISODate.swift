/// `YYYY-MM-DD` calendar dates as ISO 20022 `ISODate` and the date part of `ISODateTime` carry them.
enum ISODate {
    /// The date of `Dt` text, or the date part of `DtTm` text (`2026-09-14T10:30:00+02:00` →
    /// `2026-09-14`, the bank's own calendar day), when it is a real calendar date.
    static func date(fromDate text: String?, orDateTime dateTime: String?) -> String? {
        if let text { return validated(CamtText.trim(text)) }
        guard let dateTime else { return nil }
        let t = CamtText.trim(dateTime)
        guard t.utf8.count > 10, Array(t.utf8)[10] == UInt8(ascii: "T") else { return nil }
        return validated(String(t.prefix(10)))
    }

    /// Unix seconds of 00:00 UTC on a validated `YYYY-MM-DD`.
    static func unixSeconds(_ date: String) -> Int64 {
        let d = Array(date.utf8)
        let y = number(d[0..<4])
        let m = number(d[5..<7])
        let day = number(d[8..<10])
        return daysFromCivil(year: y, month: m, day: day) * 86_400
    }

    private static func validated(_ text: String) -> String? {
        let d = Array(text.utf8)
        guard d.count == 10, d[4] == UInt8(ascii: "-"), d[7] == UInt8(ascii: "-") else { return nil }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !(d[i] >= UInt8(ascii: "0") && d[i] <= UInt8(ascii: "9")) { return nil }
        let y = number(d[0..<4])
        let m = number(d[5..<7])
        let day = number(d[8..<10])
        guard y >= 1, (1...12).contains(m), day >= 1, day <= daysIn(month: m, year: y) else { return nil }
        return text
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int64 {
        digits.reduce(0) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
