import Testing

@testable import ReconcileKit

/// A value stored under its own id, as bookings and event states are.
private struct Item: Keyed {
    let key: ScopedID
    let n: Int
    init(_ key: ScopedID, _ n: Int) {
        self.key = key
        self.n = n
    }
}

/// The ledger's table of bookings and event states by id.
@Suite struct KeyedTableTests {
    @Test func valuesStayInTheOrderTheirIdsWereFirstSet() {
        var table = KeyedTable<Item>()
        #expect(table.updateValue(Item("c", 3), forKey: "c") == nil)
        #expect(table.updateValue(Item("a", 1), forKey: "a") == nil)
        #expect(table.updateValue(Item("b", 2), forKey: "b") == nil)
        #expect(table.values.map(\.n) == [3, 1, 2])
        #expect(table.count == 3)
        #expect(table["a"]?.n == 1 && table["b"]?.n == 2 && table["c"]?.n == 3 && table["d"] == nil)
    }

    @Test func settingAKnownIdReplacesItsValueInPlaceAndReturnsTheOldOne() {
        var table = KeyedTable<Item>()
        table.updateValue(Item("a", 1), forKey: "a")
        table.updateValue(Item("b", 2), forKey: "b")
        #expect(table.updateValue(Item("a", 10), forKey: "a") == Item("a", 1))
        #expect(table.values.map(\.n) == [10, 2])
        #expect(table["a"]?.n == 10)
        #expect(table.count == 2)
        #expect(table.position(of: "a") == 0 && table.position(of: "b") == 1 && table.position(of: "c") == nil)
    }

    @Test func tablesWithTheSameValuesByIdAreEqualWhateverTheOrder() {
        var a = KeyedTable<Item>()
        var b = KeyedTable<Item>()
        a.updateValue(Item("x", 1), forKey: "x")
        a.updateValue(Item("y", 2), forKey: "y")
        b.updateValue(Item("y", 2), forKey: "y")
        b.updateValue(Item("x", 1), forKey: "x")
        #expect(a == b)
        b.updateValue(Item("y", 3), forKey: "y")
        #expect(a != b)
        b.updateValue(Item("y", 2), forKey: "y")
        b.updateValue(Item("z", 4), forKey: "z")
        #expect(a != b)
    }

    @Test func iterationYieldsEveryIdWithItsValueInTheOrderOfTheValues() {
        var table = KeyedTable<Item>()
        for (i, key) in (["q", "w", "e", "r"] as [ScopedID]).enumerated() {
            table.updateValue(Item(key, i), forKey: key)
        }
        table.updateValue(Item("w", 9), forKey: "w")
        #expect(table.map(\.key) == ["q", "w", "e", "r"])
        #expect(table.map(\.value.n) == [0, 9, 2, 3])
        #expect(table.keys == ["q", "w", "e", "r"])
    }

    @Test func aKeyHashedOnceIsLookedUpThenInsertedAndFoundAtItsPosition() {
        var table = KeyedTable<Item>()
        let key = HashedKey<ScopedID>("a")
        #expect(table[key] == nil, "an empty table found a key")
        #expect(table.insert(new: Item("a", 1), key: key) == 0)
        #expect(table.position(of: key) == 0)
        #expect(table["a"]?.n == 1)
        #expect(table.position(of: "b") == nil)
    }

    @Test func everyIdIsFoundAtItsPositionThroughManyGrowths() {
        var table = KeyedTable<Item>()
        let ids = (0..<5_000).map { ScopedID(TenantID("t"), "evt_\($0 * 7919 % 5_000)") }
        for (i, id) in ids.enumerated() { table.updateValue(Item(id, i), forKey: id) }
        #expect(table.count == 5_000)
        #expect(ids.indices.allSatisfy { table.position(of: ids[$0]) == $0 })
        #expect((5_000..<5_100).allSatisfy { table.position(of: ScopedID(TenantID("t"), "evt_\($0)")) == nil })
    }

    @Test func theSameIdUnderTwoTenantsIsTwoKeys() {
        var table = KeyedTable<Item>()
        let bella = ScopedID(TenantID("tnt_bella"), "evt_SAME")
        let oak = ScopedID(TenantID("tnt_oak"), "evt_SAME")
        #expect(table.updateValue(Item(bella, 1), forKey: bella) == nil)
        #expect(table.updateValue(Item(oak, 2), forKey: oak) == nil, "another tenant's id replaced nothing")
        #expect(table.count == 2)
        #expect(table[bella]?.n == 1 && table[oak]?.n == 2)
        #expect(table[ScopedID(TenantID("tnt_rose"), "evt_SAME")] == nil)
    }
}

/// The hash index of positions behind the table and the ledger's booking lookups.
@Suite struct PositionIndexTests {
    /// Keys whose values live in `keys` itself; every hash forced to `hash(key)`.
    private func probe(_ index: PositionIndex, _ keys: [Int], _ key: Int, hash: (Int) -> Int) -> PositionIndex.Probe {
        index.probe(hash: hash(key)) { keys[$0] == key }
    }

    @Test func keysWithEqualHashesAreToldApartByTheirValues() {
        var index = PositionIndex()
        var keys: [Int] = []
        let sameHash: (Int) -> Int = { _ in 42 }
        for key in [10, 20, 30, 40, 50, 60, 70, 80, 90] {
            let p = probe(index, keys, key, hash: sameHash)
            guard case .absent = p else {
                Issue.record("\(key) found before it was added")
                return
            }
            index.set(keys.count, at: p)
            keys.append(key)
        }
        #expect(index.count == 9)
        for (position, key) in keys.enumerated() {
            guard case .found(let found, _) = probe(index, keys, key, hash: sameHash) else {
                Issue.record("\(key) not found")
                continue
            }
            #expect(found == position)
        }
        guard case .absent = probe(index, keys, 100, hash: sameHash) else {
            Issue.record("100 was never added")
            return
        }
    }

    @Test func setAtAFoundProbeMovesTheKeyToTheNewPosition() {
        var index = PositionIndex()
        let keys = [5, 6, 5]
        index.set(0, at: probe(index, keys, 5, hash: \.hashValue))
        index.set(1, at: probe(index, keys, 6, hash: \.hashValue))
        let found = probe(index, [5, 6], 5, hash: \.hashValue)
        index.set(2, at: found)
        #expect(index.count == 2)
        guard case .found(let position, _) = probe(index, keys, 5, hash: \.hashValue) else {
            Issue.record("5 lost")
            return
        }
        #expect(position == 2)
    }

    @Test func anAbsentProbeStaysGoodAfterTheTableGrows() {
        var index = PositionIndex()
        var keys: [Int] = []
        for key in 0..<6 {
            index.set(keys.count, at: probe(index, keys, key, hash: \.hashValue))
            keys.append(key)
        }
        let pending = probe(index, keys, 1_000, hash: \.hashValue)
        index.reserveCapacity(1_000)  // the slots move; the probe's slot is no longer the key's
        index.set(keys.count, at: pending)
        keys.append(1_000)
        #expect(
            keys.indices.allSatisfy { i in
                if case .found(let p, _) = probe(index, keys, keys[i], hash: \.hashValue) {
                    return p == i
                } else {
                    return false
                }
            })
    }
}
