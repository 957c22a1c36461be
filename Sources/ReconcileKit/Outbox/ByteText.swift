/// Appending formatted values to a byte buffer without a temporary `String` per value, for the
/// renderers of large files (`report.json`, `exceptions.csv`, statements). Each writes exactly the
/// bytes of its `String` counterpart (``OutboxFormat/groupedAmount(_:minus:)``,
/// ``HTMLText/escape(_:)``, and the tests' reference formatters).
extension Array where Element == UInt8 {
    /// Decimal digits of `value`, as `String(value)`.
    mutating func appendInteger(_ value: Int64) { CanonicalJSON.writeInt(value, to: &self) }

    /// Cents with two decimals: "-12.50", "0.05".
    mutating func appendDecimal2(_ cents: Cents) {
        if cents < 0 { append(UInt8(ascii: "-")) }
        let magnitude = cents.magnitude
        appendDigits(magnitude / 100)
        let fraction = UInt8(magnitude % 100)
        append(UInt8(ascii: "."))
        append(UInt8(ascii: "0") + fraction / 10)
        append(UInt8(ascii: "0") + fraction % 10)
    }

    /// "1,234.56", with `minus` in front of a negative amount, as `OutboxFormat.groupedAmount`.
    mutating func appendGroupedAmount(_ cents: Cents, minus: String = "\u{2212}") {
        if cents < 0 { append(contentsOf: minus.utf8) }
        let magnitude = cents.magnitude
        let whole = magnitude / 100
        var divisor: UInt64 = 1
        while whole / divisor >= 1000 { divisor *= 1000 }
        appendDigits(whole / divisor)
        var rest = whole % divisor
        while divisor > 1 {
            divisor /= 1000
            append(UInt8(ascii: ","))
            let group = rest / divisor
            rest %= divisor
            append(UInt8(ascii: "0") + UInt8(group / 100))
            append(UInt8(ascii: "0") + UInt8(group / 10 % 10))
            append(UInt8(ascii: "0") + UInt8(group % 10))
        }
        let fraction = UInt8(magnitude % 100)
        append(UInt8(ascii: "."))
        append(UInt8(ascii: "0") + fraction / 10)
        append(UInt8(ascii: "0") + fraction % 10)
    }

    /// `text` escaped for HTML text and attribute values, as `HTMLText.escape`.
    mutating func appendHTMLEscaped(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): append(contentsOf: "&#39;".utf8)
            default: append(byte)
            }
        }
    }

    /// A CSV text cell: formula-guarded (an apostrophe in front of a text a spreadsheet would take
    /// for a formula), then quoted when RFC 4180 requires it.
    mutating func appendCSVText(_ text: String) { appendCSVText(utf8: text.utf8) }

    /// ``appendCSVText(_:)`` of a text's UTF-8.
    mutating func appendCSVText<Text: Collection<UInt8>>(utf8: Text) {
        var guardMark = false
        if let first = utf8.first {
            switch first {
            case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0d:
                guardMark = true
            default: break
            }
        }
        let needsQuotes = utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0d || $0 == 0x0a
        }
        if needsQuotes { append(UInt8(ascii: "\"")) }
        if guardMark { append(UInt8(ascii: "'")) }
        if needsQuotes {
            for byte in utf8 {
                append(byte)
                if byte == UInt8(ascii: "\"") { append(byte) }
            }
            append(UInt8(ascii: "\""))
        } else {
            append(contentsOf: utf8)
        }
    }

    /// A JSON string of a text's UTF-8, as `CanonicalJSON.writeString`.
    mutating func appendJSONString(utf8: UnsafeBufferPointer<UInt8>) {
        if utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5c }) {
            CanonicalJSON.writeEscaped(utf8, to: &self)
            return
        }
        append(UInt8(ascii: "\""))
        append(contentsOf: utf8)
        append(UInt8(ascii: "\""))
    }

    private mutating func appendDigits(_ value: UInt64) {
        if value < 10 {
            append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        CanonicalJSON.writeInt(Int64(value), to: &self)
    }
}
