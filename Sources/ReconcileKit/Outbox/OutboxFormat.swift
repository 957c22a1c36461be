/// Small, exact formatting helpers shared by the outbox renderers. No Foundation, no locale, no
/// clock: the same input always prints the same text.
enum OutboxFormat {
    /// "1,234.56" / "−1,234.56" (U+2212 minus, which lines up with digits in tabular numerals).
    static func groupedAmount(_ cents: Cents, minus: String = "\u{2212}") -> String {
        let signed = Decimal2.format(cents)
        let plain = signed.hasPrefix("-") ? signed.dropFirst() : Substring(signed)
        let dot = plain.firstIndex(of: ".")!
        let whole = Array(plain[..<dot])
        var grouped = ""
        for (i, ch) in whole.enumerated() {
            if i > 0, (whole.count - i) % 3 == 0 { grouped.append(",") }
            grouped.append(ch)
        }
        return (cents < 0 ? minus : "") + grouped + plain[dot...]
    }

    /// Upper-case ISO 4217 code for display ("usd" → "USD").
    static func currencyCode(_ currency: String) -> String { currency.uppercased() }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]
}

/// A calendar month `YYYY-MM`, for periods and titles.
struct CalendarMonth: Sendable {
    let year: Int
    let month: Int

    init?(_ text: String) {
        guard OutboxPath.isMonth(text), let y = Int(text.prefix(4)), let m = Int(text.suffix(2)) else { return nil }
        year = y
        month = m
    }

    var dayCount: Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    var name: String { "\(OutboxFormat.monthNames[month - 1]) \(year)" }
    var text: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
    var firstDay: String { text + "-01" }
    var lastDay: String { text + "-\(dayCount)" }
}

/// UTC times as `YYYY-MM-DDTHH:MM:SSZ` from unix seconds, and back (that exact shape only).
public enum UTCTime {
    public static func rfc3339(_ seconds: Int64) -> String {
        let (days, secs) = floorDivMod(seconds, 86_400)
        let (y, m, d) = civil(fromDays: days)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secs / 3600, 2)):\(pad(secs % 3600 / 60, 2)):\(pad(secs % 60, 2))Z"
    }

    /// "2026-10-01 02:00 UTC", for footers.
    public static func human(_ seconds: Int64) -> String {
        let t = rfc3339(seconds)
        return "\(t.prefix(10)) \(t.dropFirst(11).prefix(5)) UTC"
    }

    public static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count == 20, b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58, b[19] == 90 else { return nil }
        func num(_ r: Range<Int>) -> Int64? {
            var v: Int64 = 0
            for i in r {
                guard (48...57).contains(b[i]) else { return nil }
                v = v * 10 + Int64(b[i] - 48)
            }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10), let hh = num(11..<13),
              let mm = num(14..<16), let ss = num(17..<19), (1...12).contains(m), (1...31).contains(d),
              hh < 24, mm < 60, ss < 60 else { return nil }
        let value = days(fromCivil: y, m, d) * 86_400 + hh * 3600 + mm * 60 + ss
        return rfc3339(value) == text ? value : nil
    }

    private static func pad(_ n: Int64, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    // Howard Hinnant's civil-from-days and days-from-civil.
    private static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
