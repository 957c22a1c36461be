@testable import ReconcileKit

// Reference implementations the tests compare the product's byte writers and orders with; the
// product writes the same bytes straight into its buffers.

extension Decimal2 {
    /// Prints minor units with `fractionDigits` decimals: 123456 → "1234.56".
    static func format(_ value: Int64, fractionDigits: Int = 2) -> String {
        if fractionDigits == 0 { return String(value) }
        var scale: Int64 = 1
        for _ in 0..<fractionDigits { scale *= 10 }
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        let whole = magnitude / UInt64(scale)
        var frac = String(magnitude % UInt64(scale))
        while frac.count < fractionDigits { frac = "0" + frac }
        return "\(sign)\(whole).\(frac)"
    }
}

extension CSVWriter {
    /// The text with an apostrophe in front when a spreadsheet would take it for a formula.
    static func guarded(_ text: String) -> String {
        guard let first = text.utf8.first else { return text }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0d: return "'" + text
        default: return text
        }
    }

    /// The text quoted as RFC 4180 requires, or as is when it needs no quotes.
    static func field(_ text: String) -> String {
        let needsQuotes = text.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0d || $0 == 0x0a
        }
        guard needsQuotes else { return text }
        var out = "\""
        for ch in text.unicodeScalars {
            if ch == "\"" { out += "\"\"" } else { out.unicodeScalars.append(ch) }
        }
        return out + "\""
    }
}

extension PrettyJSON {
    /// `value` as pretty JSON with a final newline.
    static func encode(_ value: JSONValue, capacity: Int = 1024) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(capacity)
        write(value, indent: 0, to: &out)
        out.append(0x0a)
        return out
    }
}

extension ProviderEvent {
    /// The events sorted for ``Ledger/apply(_:tenants:runID:)``.
    static func sortedForApplication(_ events: [ProviderEvent]) -> [ProviderEvent] {
        applicationOrder(of: events).map { events[$0] }
    }
}
