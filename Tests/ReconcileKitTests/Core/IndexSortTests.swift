import Testing

@testable import ReconcileKit

/// Sorting positions and then moving each element once gives exactly the standard library's
/// stable sort by the same comparator.
@Suite struct IndexSortTests {
    struct Item: Equatable {
        let key: Int
        let name: String
    }

    @Test func stableSortEqualsAPlainStableSortOnRandomInputs() {
        var rng = SplitMix64(seed: 0x5_0E7)
        for _ in 0..<200 {
            let count = Int(rng.next() % 60)
            let keys = Int(rng.next() % 8) + 1
            let items = (0..<count).map { Item(key: Int(rng.next() % UInt64(keys)), name: "item \($0)") }
            let start = count == 0 ? 0 : Int(rng.next() % UInt64(count + 1))
            func precedes(_ a: borrowing Item, _ b: borrowing Item) -> Bool { a.key < b.key }
            #expect(items.stablySorted(by: precedes) == items.sorted { $0.key < $1.key })
            var tail = items
            tail.stableSort(from: start, by: precedes)
            #expect(tail == Array(items[..<start]) + items[start...].sorted { $0.key < $1.key })
            let order = items.stableOrder(by: precedes)
            #expect((order ?? Array(items.indices)).map { items[$0] } == items.sorted { $0.key < $1.key })
        }
    }

    @Test func elementsAlreadyInOrderGiveNoOrder() {
        let items = [1, 1, 2, 5, 5, 9]
        #expect(items.stableOrder(by: { $0 < $1 }) == nil)
        #expect(items.reversed().stableOrder(by: { $0 < $1 }) == [4, 5, 3, 1, 2, 0])
    }

    @Test func permuteMovesEachElementToItsPlace() {
        var letters = ["a", "b", "c", "d", "e", "f"]
        letters.permute(to: [2, 0, 1, 3, 5, 4])
        #expect(letters == ["c", "a", "b", "d", "f", "e"])
        letters.permute(to: [5, 4, 3], from: 3)
        #expect(letters == ["c", "a", "b", "e", "f", "d"])
    }
}
