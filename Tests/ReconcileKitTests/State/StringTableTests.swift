import Testing
@testable import ReconcileKit

@Suite struct StringTableTests {
    @Test func aMemoGivesTheIDsOfThePlainTableWhateverTheOrder() {
        let values = ["run_a", "run_b", "run_a", "run_a", String("run_" + "b"), "run_c", "run_a"]
        var plain = StringTable(), memoized = StringTable()
        var memo = StringTable.Memo()
        let expected = values.map { plain.id($0) }
        #expect(values.map { memoized.id($0, memo: &memo) } == expected)
        #expect(memoized.strings == plain.strings)
        #expect(expected == [0, 1, 0, 0, 1, 2, 0])
    }

    @Test func twoMemosOnOneTableShareItsIDs() {
        var table = StringTable()
        var first = StringTable.Memo(), second = StringTable.Memo()
        #expect(table.id("usd", memo: &first) == 0)
        #expect(table.id("PAID", memo: &second) == 1)
        #expect(table.id("PAID", memo: &first) == 1)
        #expect(table.id("usd", memo: &second) == 0)
        #expect(table.strings == ["usd", "PAID"])
    }
}
