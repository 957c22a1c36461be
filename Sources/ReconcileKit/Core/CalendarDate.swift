/// A proleptic Gregorian calendar date, `YYYY-MM-DD`, validated (2026-02-30 is not a date).
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(_ text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
              let y = digits(u[0..<4]), let m = digits(u[5..<7]), let d = digits(u[8..<10]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The UTC date of a unix time.
    public init(unixSeconds: Int64) {
        let days = Int(unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400)
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = m <= 2 ? y + 1 : y
        month = m
        day = d
    }

    /// Unix seconds of 00:00 UTC on this date.
    public var unixSeconds: Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146_097 + doe - 719_468) * 86_400
    }

    public var description: String { "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" }
    /// `YYYY-MM`, the statement period this date falls in.
    public var monthText: String { "\(pad(year, 4))-\(pad(month, 2))" }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

func digits(_ s: ArraySlice<UInt8>) -> Int? {
    var v = 0
    for c in s {
        guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
        v = v * 10 + Int(c - UInt8(ascii: "0"))
    }
    return v
}

func pad(_ n: Int, _ width: Int) -> String {
    var s = String(n)
    while s.count < width { s = "0" + s }
    return s
}
