import Testing

@testable import ReconcileKit

/// ``UTF8KeyedSort`` gives exactly the order of comparing `(group, UTF-8 bytes, tie-break, position)`.
@Suite struct UTF8KeyedSortTests {
    /// The order the keyed sort must reproduce, by plain comparisons of the UTF-8 views.
    static func reference(_ ids: [String], groups: [UInt32]? = nil, tieBreak: (Int, Int) -> Int = { _, _ in 0 })
        -> [Int]
    {
        ids.indices.sorted { i, j in
            let (gi, gj) = (groups?[i] ?? 0, groups?[j] ?? 0)
            if gi != gj { return gi < gj }
            if !ids[i].utf8.elementsEqual(ids[j].utf8) { return ids[i].utf8.lexicographicallyPrecedes(ids[j].utf8) }
            let t = tieBreak(i, j)
            return t != 0 ? t < 0 : i < j
        }
    }

    static func random(_ rng: inout SplitMix64, prefix: String, alphabet: [String], maxLength: Int) -> String {
        prefix
            + (0..<Int(rng.next() % UInt64(maxLength + 1))).map { _ in
                alphabet[Int(rng.next() % UInt64(alphabet.count))]
            }.joined()
    }

    @Test func seededRandomIdsSortLikeTheirUTF8Bytes() {
        var rng = SplitMix64(seed: 0x50_47)
        for (prefix, alphabet) in [
            ("evt_", ["0", "1", "a", "f"]), ("", ["a", "b", "\u{0}", "é", "\u{1F600}", "Z"]),
            ("cs_live_0000", ["0", "1"]),
        ] {
            let ids = (0..<2_000).map { _ in Self.random(&rng, prefix: prefix, alphabet: alphabet, maxLength: 20) }
            #expect(UTF8KeyedSort.order(ids: ids) == Self.reference(ids), "prefix \(prefix)")
        }
    }

    @Test func sharedPrefixesDifferingAfterTheFirstEightBytesStillDecide() {
        // Equal for 8, 9, 16 and 17 bytes after the shared "cs_live_", and prefixes of one another.
        let base = "cs_live_0000106aa1906d90"
        var ids = [
            base, base + "0", base + "\u{0}", String(base.dropLast()), "cs_live_", "cs_live_0000106a",
            "cs_live_0000106aZ", "cs_live_0000106a\u{0}", "cs_live_0000106a\u{0}\u{0}", "cs_live_0000106b",
            "cs_live_00001069ffffffffffff", "cs_live_0000106aa1906d91",
            "cs_live_0000106aa1906d8f" + String(repeating: "z", count: 40),
        ]
        ids += ids.reversed()  // duplicates, in the other order
        let order = UTF8KeyedSort.order(ids: ids)
        #expect(order == Self.reference(ids))
        #expect(order.map { ids[$0] } == ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    @Test func nonASCIIAndEmptyIdsSortByBytesNotByCanonicalEquivalence() {
        // "é" precomposed (C3 A9) and decomposed (65 CC 81) are equal Strings, unequal bytes.
        let ids = ["\u{E9}", "e\u{301}", "", "", "\u{7F}", "\u{80}", "\u{FFFD}", "\u{1F600}", "e", "ea", "\u{0}"]
        let order = UTF8KeyedSort.order(ids: ids)
        #expect(order == Self.reference(ids))
        #expect(order.firstIndex(of: 1)! < order.firstIndex(of: 0)!)
        #expect(Array(order.prefix(2)) == [2, 3], "the two empty ids first, in their positions")
    }

    @Test func groupsComeFirstThenIdsThenTheTieBreakThenPositions() {
        var rng = SplitMix64(seed: 0x6_7209)
        let ids = (0..<3_000).map { _ in Self.random(&rng, prefix: "bk_", alphabet: ["0", "1", "2"], maxLength: 3) }
        let groups = ids.indices.map { _ in UInt32(rng.next() % 5) }
        let weights = ids.indices.map { _ in Int(rng.next() % 3) }
        let tieBreak = { (i: Int, j: Int) in weights[j] - weights[i] }  // heavier first
        #expect(
            UTF8KeyedSort.order(ids: ids, groups: groups, tieBreak: tieBreak)
                == Self.reference(ids, groups: groups, tieBreak: tieBreak))
        #expect(UTF8KeyedSort.order(ids: ids, groups: groups) == Self.reference(ids, groups: groups))
    }

    @Test func fewIdsNeedNoSorting() {
        #expect(UTF8KeyedSort.order(ids: []) == [])
        #expect(UTF8KeyedSort.order(ids: ["x"]) == [0])
        #expect(UTF8KeyedSort.order(ids: ["b", "a"]) == [1, 0])
    }

    @Test func denseRanksNumberTheDistinctValuesInOrder() {
        let values = ["tnt_2", "tnt_10", "tnt_2", "_global", "tnt_10", "tnt_1"]
        #expect(DenseRanks.of(values, by: { $0.utf8Precedes($1) }) == [3, 2, 3, 0, 2, 1])
        #expect(DenseRanks.of([String](), by: <) == [])
    }

    @Test func utf8IsASCIISeesAnyHighByte() {
        #expect("evt_a1914f452a7fedd0".utf8IsASCII)
        #expect("".utf8IsASCII)
        #expect(!"evt_\u{E9}".utf8IsASCII)
        #expect(!("x" + String(repeating: "a", count: 40) + "\u{80}").utf8IsASCII)
    }
}
