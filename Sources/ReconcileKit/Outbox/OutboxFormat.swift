/// Small, exact formatting helpers shared by the outbox renderers. No Foundation, no locale, no
/// clock: the same input always prints the same text.
enum OutboxFormat {
    /// "1,234.56" / "−1,234.56" (U+2212 minus, which lines up with digits in tabular numerals).
    static func groupedAmount(_ cents: Cents, minus: String = "\u{2212}") -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        bytes.appendGroupedAmount(cents, minus: minus)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Upper-case ISO 4217 code for display ("usd" → "USD").
    static func currencyCode(_ currency: String) -> String { currency.uppercased() }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December",
    ]
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

/// UTC times as `YYYY-MM-DDTHH:MM:SSZ` from unix seconds, and back (that exact shape only), for the
/// outbox's files; the arithmetic is ``Timestamp``'s.
enum UTCTime {
    static func rfc3339(_ seconds: Int64) -> String { Timestamp.format(seconds) }

    /// "2026-10-01 02:00 UTC", for footers.
    static func human(_ seconds: Int64) -> String {
        let t = rfc3339(seconds)
        return "\(t.prefix(10)) \(t.dropFirst(11).prefix(5)) UTC"
    }

    static func parse(_ text: String) -> Int64? {
        guard let value = Timestamp.parse(text), rfc3339(value) == text else { return nil }
        return value
    }
}
