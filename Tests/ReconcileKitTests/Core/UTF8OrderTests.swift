import Testing

@testable import ReconcileKit

@Suite struct UTF8OrderTests {
    /// Small, large, ASCII and non-ASCII strings, prefixes of each other and empty.
    static let samples: [String] = [
        "", "a", "ab", "abc", "b", "B", "tnt_00001", "tnt_00010", "tnt_0001", "cs_test_a1B2c3D4e5F6g7H8i9J0",
        "cs_test_a1B2c3D4e5F6g7H8i9J0x", "évt", "e\u{301}vt", "zz\u{1F600}", "zz\u{FFFD}", "\u{7F}", "\u{80}",
        String(repeating: "x", count: 15), String(repeating: "x", count: 16), String(repeating: "x", count: 100) + "a",
        String(repeating: "x", count: 100) + "b",
    ]

    @Test func answersLikeComparingTheUTF8ViewsForEveryPair() {
        for a in Self.samples {
            for b in Self.samples {
                #expect(
                    a.utf8Precedes(b) == a.utf8.lexicographicallyPrecedes(b.utf8),
                    "\(a.debugDescription) vs \(b.debugDescription)")
            }
        }
    }

    @Test func ordersByBytesNotByUnicodeCanonicalEquivalence() {
        // "é" precomposed (C3 A9) and decomposed ("e" + U+0301) are equal Strings but differ in bytes.
        #expect("e\u{301}".utf8Precedes("\u{E9}"))
        #expect(!"\u{E9}".utf8Precedes("e\u{301}"))
    }

    @Test func seededRandomStringsSortTheSameWay() {
        var rng = SplitMix64(seed: 0x5EED)
        let alphabet: [Character] = ["a", "b", "Z", "0", "_", "é", "\u{1F600}", "\u{0}"]
        let strings = (0..<500).map { _ in
            String((0..<Int(rng.next() % 24)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
        }
        #expect(strings.sorted { $0.utf8Precedes($1) } == strings.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }
}

@Suite struct SortedByUTF8Tests {
    @Test func asciiOnlyAndMixedSetsSortLikeTheUTF8Views() {
        let ascii = ["cs_b", "cs_a", "CS_a", "cs_", "", "cs_aa", "z", "0"]
        #expect(ascii.sortedByUTF8() == ascii.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        let mixed = UTF8OrderTests.samples.reversed()
        #expect(mixed.sortedByUTF8() == mixed.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }
}

extension SortedByUTF8Tests {
    @Test func manySimilarIdsSortLikeTheUTF8Views() {
        var rng = SplitMix64(seed: 0x1D5)
        let ids = (0..<5_000).map { i in (i % 3 == 0 ? "cs_live_0000" : "evt_") + String(rng.next() % 4_096, radix: 16)
        }
        #expect(ids.sortedByUTF8() == ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }
}
