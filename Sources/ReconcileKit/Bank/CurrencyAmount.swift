/// ISO 4217 minor-unit exponents and exact decimal → minor-unit conversion for `Amt` texts.
enum CurrencyAmount {
    /// Currencies whose minor unit is not 2 (ISO 4217 list one, current codes). Everything else is 2.
    static let exponents: [String: Int] = [
        "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
        "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
        "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
        "CLF": 4, "UYW": 4,
    ]

    /// Decimal places of `currency` (an upper-case ISO 4217 code).
    static func exponent(of currency: String) -> Int { exponents[currency] ?? 2 }

    /// A currency code as ISO 20022 `ActiveOrHistoricCurrencyCode` allows it: three letters A–Z.
    static func isValidCode(_ code: String) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    enum Failure: Error, Equatable, Sendable {
        case notADecimal
        case tooManyDecimals(found: Int, allowed: Int)
        case tooLarge
    }

    /// "1234.5" EUR → 123450. Non-negative decimals only (ISO 20022 amounts carry no sign), leading
    /// and trailing XML white space ignored, never through floating point. More decimals than the
    /// currency has — even zeros — are refused, as ISO 20022's currency-amount rule does.
    static func minorUnits(_ text: String, exponent: Int) -> Result<Int64, Failure> {
        let utf8 = Array(text.utf8)
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let start = utf8.firstIndex(where: { !isSpace($0) }),
            let end = utf8.lastIndex(where: { !isSpace($0) })
        else { return .failure(.notADecimal) }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var wholeDigits = 0
        var fractionDigits = 0
        var seenDot = false
        for c in utf8[start...end] {
            if c == UInt8(ascii: ".") {
                if seenDot { return .failure(.notADecimal) }
                seenDot = true
                continue
            }
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return .failure(.notADecimal) }
            let d = Int64(c - UInt8(ascii: "0"))
            if seenDot {
                fractionDigits += 1
                if fractionDigits <= exponent { fraction = fraction * 10 + d }
            } else {
                wholeDigits += 1
                let (m, o1) = whole.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(d)
                if o1 || o2 { return .failure(.tooLarge) }
                whole = s
            }
        }
        guard wholeDigits > 0, !(seenDot && fractionDigits == 0) else { return .failure(.notADecimal) }
        guard fractionDigits <= exponent else {
            return .failure(.tooManyDecimals(found: fractionDigits, allowed: exponent))
        }
        var scale: Int64 = 1
        for _ in 0..<exponent { scale *= 10 }
        for _ in fractionDigits..<exponent { fraction *= 10 }
        let (m, o1) = whole.multipliedReportingOverflow(by: scale)
        let (s, o2) = m.addingReportingOverflow(fraction)
        if o1 || o2 { return .failure(.tooLarge) }
        return .success(s)
    }
}
