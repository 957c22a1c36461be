/// Money in integer minor units (cents). Never a floating-point number.
typealias Cents = Int64

/// A rate in basis points: 12.5 % is 1250.
struct BasisPoints: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    let value: Int64
    init(_ value: Int64) { self.value = value }
    static func < (a: BasisPoints, b: BasisPoints) -> Bool { a.value < b.value }

    /// "12.50%" style, exact.
    var percentText: String { "\(value / 100).\(twoDigits(value % 100))%" }
    var description: String { percentText }

    /// Parses a percentage with at most two decimals in 0–100 ("7", "12.5", "10.50").
    init?(percentText text: String) {
        guard let cents = Decimal2.parse(text, maxFractionDigits: 2), cents >= 0, cents <= 10_000 else { return nil }
        value = cents
    }
}

func twoDigits(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }

/// Exact parsing and printing of decimals as integers of minor units.
enum Decimal2 {
    /// Parses "123.45" with up to `maxFractionDigits` into an integer scaled by 10^maxFractionDigits.
    /// Refuses exponents, signs other than a leading "-", empty parts and overflow.
    static func parse(_ text: String, maxFractionDigits: Int) -> Int64? {
        var utf8 = Substring(text).utf8[...]
        var negative = false
        if utf8.first == UInt8(ascii: "-") {
            negative = true
            utf8 = utf8.dropFirst()
        }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenDot = false
        var seenDigit = false
        for c in utf8 {
            if c == UInt8(ascii: ".") {
                if seenDot || !seenDigit { return nil }
                seenDot = true
                continue
            }
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            let d = Int64(c - UInt8(ascii: "0"))
            if seenDot {
                fractionDigits += 1
                if fractionDigits > maxFractionDigits { return nil }
                fraction = fraction * 10 + d
            } else {
                seenDigit = true
                let (m, o1) = whole.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(d)
                if o1 || o2 { return nil }
                whole = s
            }
        }
        guard seenDigit, !(seenDot && fractionDigits == 0) else { return nil }
        var scale: Int64 = 1
        for _ in 0..<maxFractionDigits { scale *= 10 }
        for _ in fractionDigits..<maxFractionDigits { fraction *= 10 }
        let (m, o1) = whole.multipliedReportingOverflow(by: scale)
        let (s, o2) = m.addingReportingOverflow(fraction)
        if o1 || o2 { return nil }
        return negative ? -s : s
    }
}
