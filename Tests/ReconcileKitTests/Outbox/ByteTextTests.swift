import Testing

@testable import ReconcileKit

/// The byte appenders write exactly what the `String` formatters they replace wrote.
@Suite struct ByteTextTests {
    static let amounts: [Cents] = [
        0, 1, -1, 5, 9, 10, 99, 100, -100, 101, 999, 1000, 99_999, 100_000, -100_000, 123_456,
        1_000_000, 99_999_999, 100_000_000, -123_456_789, 1_000_000_000_000, Int64.max, Int64.min,
    ]

    /// The grouping the outbox used before the byte writer, kept as the reference.
    static func referenceGrouped(_ cents: Cents, minus: String) -> String {
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

    @Test(arguments: amounts)
    func amountsMatchTheStringFormatters(cents: Cents) {
        var two: [UInt8] = []
        two.appendDecimal2(cents)
        #expect(OutboxFixtures.text(two) == Decimal2.format(cents))
        #expect(OutboxFormat.groupedAmount(cents) == Self.referenceGrouped(cents, minus: "\u{2212}"))
        #expect(OutboxFormat.groupedAmount(cents, minus: "-") == Self.referenceGrouped(cents, minus: "-"))
        var int: [UInt8] = []
        int.appendInteger(cents)
        #expect(OutboxFixtures.text(int) == String(cents))
    }

    @Test(arguments: [
        "plain", "", "a,b", "say \"hi\"", "two\nlines", "cr\rx", "=SUM(A1)", "-3", "+1", "@x", "\tx",
        "\rx", "-a,\"b\"", "Bella & Söhne", "'quoted'", "日本",
    ])
    func csvTextMatchesGuardThenQuote(text: String) {
        var bytes: [UInt8] = []
        bytes.appendCSVText(text)
        #expect(OutboxFixtures.text(bytes) == CSVWriter.field(CSVWriter.guarded(text)))
    }

    @Test(arguments: ["plain", "", "a & b", "<script>\"x\"</script>", "it's", "Söhne & <Co>"])
    func htmlEscapesMatch(text: String) {
        var bytes: [UInt8] = []
        bytes.appendHTMLEscaped(text)
        var expected = ""
        for ch in text.unicodeScalars {
            switch ch {
            case "&": expected += "&amp;"
            case "<": expected += "&lt;"
            case ">": expected += "&gt;"
            case "\"": expected += "&quot;"
            case "'": expected += "&#39;"
            default: expected.unicodeScalars.append(ch)
            }
        }
        #expect(OutboxFixtures.text(bytes) == expected)
        #expect(HTMLText.escape(text) == expected)
    }

    @Test func prettyJSONSortsUnsortedAndDuplicateKeysAsBefore() {
        let unsorted: JSONValue = .object([
            JSONMember("b", .int(1)), JSONMember("a", .int(2)), JSONMember("a", .int(3)),
        ])
        #expect(OutboxFixtures.text(PrettyJSON.encode(unsorted)) == "{\n  \"a\": 2,\n  \"a\": 3,\n  \"b\": 1\n}\n")
        let sorted: JSONValue = .object([JSONMember("B", .int(1)), JSONMember("a", .array([.null, .object([])]))])
        #expect(
            OutboxFixtures.text(PrettyJSON.encode(sorted)) == "{\n  \"B\": 1,\n  \"a\": [\n    null,\n    {}\n  ]\n}\n")
    }
}
