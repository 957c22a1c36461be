import Testing
@testable import ReconcileKit

/// The ledger's table of bookings and event states by id.
@Suite struct KeyedTableTests {
    @Test func valuesStayInTheOrderTheirIdsWereFirstSet() {
        var table = KeyedTable<Int>()
        #expect(table.updateValue(3, forKey: "c") == nil)
        #expect(table.updateValue(1, forKey: "a") == nil)
        #expect(table.updateValue(2, forKey: "b") == nil)
        #expect(table.values == [3, 1, 2])
        #expect(table.count == 3)
        #expect(table["a"] == 1 && table["b"] == 2 && table["c"] == 3 && table["d"] == nil)
    }

    @Test func settingAKnownIdReplacesItsValueInPlaceAndReturnsTheOldOne() {
        var table = KeyedTable<Int>()
        table.updateValue(1, forKey: "a")
        table.updateValue(2, forKey: "b")
        #expect(table.updateValue(10, forKey: "a") == 1)
        #expect(table.values == [10, 2])
        #expect(table["a"] == 10)
        #expect(table.count == 2)
        #expect(table.position(of: "a") == 0 && table.position(of: "b") == 1 && table.position(of: "c") == nil)
    }

    @Test func tablesWithTheSameValuesByIdAreEqualWhateverTheOrder() {
        var a = KeyedTable<Int>(), b = KeyedTable<Int>()
        a.updateValue(1, forKey: "x"); a.updateValue(2, forKey: "y")
        b.updateValue(2, forKey: "y"); b.updateValue(1, forKey: "x")
        #expect(a == b)
        b.updateValue(3, forKey: "y")
        #expect(a != b)
        b.updateValue(2, forKey: "y"); b.updateValue(4, forKey: "z")
        #expect(a != b)
    }

    @Test func iterationYieldsEveryIdWithItsValue() {
        var table = KeyedTable<Int>()
        for (i, key) in ["q", "w", "e", "r"].enumerated() { table.updateValue(i, forKey: key) }
        table.updateValue(9, forKey: "w")
        let pairs = Dictionary(uniqueKeysWithValues: table.map { ($0.key, $0.value) })
        #expect(pairs == ["q": 0, "w": 9, "e": 2, "r": 3])
        #expect(Set(table.keys) == ["q", "w", "e", "r"])
    }
}
