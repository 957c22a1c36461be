/// RFC 3339 timestamps (`2026-09-01T02:00:00Z`, `2026-09-01T04:00:00.123+02:00`) to and from unix seconds.
package enum Timestamp {
    package static func parse(_ text: String) -> Int64? {
        let u = Array(text.utf8)
        guard u.count >= 20, u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: "t"),
            u[13] == UInt8(ascii: ":"), u[16] == UInt8(ascii: ":"),
            let date = CalendarDate(String(decoding: u[0..<10], as: UTF8.self)),
            let h = decimal(u[11..<13]), let m = decimal(u[14..<16]), let s = decimal(u[17..<19]),
            h < 24, m < 60, s < 61
        else { return nil }
        var i = 19
        if u[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < u.count, u[i] >= UInt8(ascii: "0"), u[i] <= UInt8(ascii: "9") { i += 1 }
            guard i > start else { return nil }
        }
        guard i < u.count else { return nil }
        var offset = 0
        switch u[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == u.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard u.count == i + 6, u[i + 3] == UInt8(ascii: ":"),
                let oh = decimal(u[(i + 1)..<(i + 3)]), let om = decimal(u[(i + 4)..<(i + 6)]), oh < 24, om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (u[i] == UInt8(ascii: "+") ? 1 : -1)
        default:
            return nil
        }
        return date.unixSecondsAtMidnight + Int64(h * 3600 + m * 60 + min(s, 59)) - Int64(offset)
    }

    /// `2026-09-01T02:00:00Z`.
    static func format(_ seconds: Int64) -> String {
        let date = CalendarDate(unixSeconds: seconds)
        let rem = Int(seconds - date.unixSecondsAtMidnight)
        return "\(date)T\(zeroPadded(rem / 3600, 2)):\(zeroPadded(rem / 60 % 60, 2)):\(zeroPadded(rem % 60, 2))Z"
    }
}

private func decimal(_ s: ArraySlice<UInt8>) -> Int? {
    var v = 0
    for c in s {
        guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
        v = v * 10 + Int(c - UInt8(ascii: "0"))
    }
    return v
}

private func zeroPadded(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
