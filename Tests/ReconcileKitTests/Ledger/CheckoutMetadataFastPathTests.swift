import Testing

@testable import ReconcileKit

/// The metadata's shortcuts against the general paths they stand in for, on generated inputs.
@Suite struct CheckoutMetadataFastPathTests {
    /// Whatever the direct reader accepts, the JSON parser reads as the same array of strings.
    @Test func aPlainStringArrayReadsAsTheJSONParserReadsIt() {
        let pieces = [
            "[", "]", "\"", ",", " ", "\n", "\t", "a", "b7", "é", "\\", "\\\"", "\u{01}", "{", "1", "null", "[]",
            "\"x\"",
        ]
        var random = SplitMix64(seed: 20_261_126)
        var accepted = 0
        for _ in 0..<20_000 {
            var text = random.chance(70) ? "[\"" : ""
            for _ in 0..<random.below(9) { text += pieces[random.below(pieces.count)] }
            if random.chance(70) { text += "\"]" }
            let bytes = Array(text.utf8)
            guard let fast = CheckoutMetadata.plainStringArray(bytes) else { continue }
            accepted += 1
            let slow = (try? JSONParser().parse(bytes))?.arrayValue?.compactMap(\.stringValue)
            #expect(fast == slow, "\(text.debugDescription)")
        }
        #expect(accepted > 500, "the generator reaches the fast path")
    }

    @Test func commonAddOnListsTakeTheDirectReader() {
        #expect(CheckoutMetadata.plainStringArray(Array(#"["addon_1","addon_2"]"#.utf8)) == ["addon_1", "addon_2"])
        #expect(CheckoutMetadata.plainStringArray(Array(" [ ] ".utf8)) == [])
        #expect(CheckoutMetadata.plainStringArray(Array(#"["a\"b"]"#.utf8)) == nil, "escapes go to the parser")
        #expect(CheckoutMetadata.plainStringArray(Array(#"["a",]"#.utf8)) == nil)
        #expect(CheckoutMetadata.plainStringArray(Array(#"["a"] x"#.utf8)) == nil)
    }

    @Test func blankMeansWhatAllWhitespaceCharactersMean() {
        let samples = [
            "", " ", "\t\n", "a", " a", "\u{00A0}", "\u{2003}x", "\u{3000}", "\r\n", "é", "\u{1C}", "x ", "\u{0085}",
            "\u{200B}",
        ]
        for s in samples {
            #expect(CheckoutMetadata.isBlank(s) == s.allSatisfy(\.isWhitespace), "\(s.debugDescription)")
        }
    }
}
