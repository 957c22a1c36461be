/// A proleptic Gregorian calendar date (UTC), written `YYYY-MM-DD`. Booking dates, paid dates and
/// statement months all use it; no Foundation calendar is involved, so it is exact and fast.
struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    let year: Int
    let month: Int
    let day: Int

    /// Parses exactly `YYYY-MM-DD` naming a real day (years 0001–9999): `2026-02-30` is refused.
    init?(_ text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                guard u[i] >= UInt8(ascii: "0"), u[i] <= UInt8(ascii: "9") else { return nil }
                n = n * 10 + Int(u[i] - UInt8(ascii: "0"))
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        guard y >= 1, (1...12).contains(m), d >= 1, d <= CalendarDate.daysIn(month: m, year: y) else { return nil }
        year = y
        month = m
        day = d
    }

    /// The unix times whose UTC day lies in the years 0001–9999, the days `YYYY-MM-DD` can write.
    /// An event's `created` outside it is rejected when decoded: it would make a statement month
    /// (a folder of the outbox) that is not `YYYY-MM`.
    static let writableUnixSeconds: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

    /// The UTC day containing a unix time.
    init(unixSeconds: Int64) {
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : -((-unixSeconds + 86_399) / 86_400)
        (year, month, day) = CalendarDate.civil(fromDays: days)
    }

    /// Days since 1970-01-01.
    var daysSinceEpoch: Int64 {
        // Howard Hinnant's days_from_civil.
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 00:00 UTC of this day, unix seconds.
    var unixSecondsAtMidnight: Int64 { daysSinceEpoch * 86_400 }

    var text: String { written(withDay: true) }
    /// `YYYY-MM`, the statement month.
    var monthText: String { written(withDay: false) }
    var description: String { text }

    static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d))
    }
}

extension CalendarDate: Codable {
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a YYYY-MM-DD calendar date")
        }
        self = date
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

extension CalendarDate {
    /// `YYYY-MM-DD` or `YYYY-MM`, digit by digit into a string small enough to need no heap
    /// (one per statement line: string interpolation of the padded parts is far slower).
    /// A year outside 0–9999 (only from an absurd unix time) takes the general path.
    private func written(withDay: Bool) -> String {
        guard (0...9999).contains(year) else {
            return withDay ? "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" : "\(pad(year, 4))-\(pad(month, 2))"
        }
        return String(unsafeUninitializedCapacity: withDay ? 10 : 7) { bytes in
            func put(_ value: Int, width: Int, at start: Int) {
                var n = value
                for i in (start..<start + width).reversed() {
                    bytes[i] = UInt8(ascii: "0") + UInt8(n % 10)
                    n /= 10
                }
            }
            put(year, width: 4, at: 0)
            bytes[4] = UInt8(ascii: "-")
            put(month, width: 2, at: 5)
            guard withDay else { return 7 }
            bytes[7] = UInt8(ascii: "-")
            put(day, width: 2, at: 8)
            return 10
        }
    }
}

private func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
