extension Array {
    /// The elements in the order of the stable `sorted(by:)`, found by sorting their positions
    /// and then moving each element into place once: sorting a large struct with reference-counted
    /// fields then costs no reference counting.
    consuming func stablySorted(by areInIncreasingOrder: (Element, Element) -> Bool) -> [Element] {
        let order = withUnsafeBufferPointer { elements in
            var order = Array<Int>(elements.indices)
            order.sort { areInIncreasingOrder(elements[$0], elements[$1]) }  // the standard library's sort is stable
            return order
        }
        var result = self
        result.permute(order)
        return result
    }

    /// Puts the element at `order[k]` at position `k`, for every `k`, by moving each element once
    /// along the cycles of the permutation. `order` must hold each position exactly once.
    mutating func permute(_ order: [Int]) {
        precondition(order.count == count)
        withUnsafeMutableBufferPointer { elements in
            guard let base = elements.baseAddress else { return }
            var placed = [Bool](repeating: false, count: elements.count)
            for start in elements.indices where !placed[start] {
                let first = (base + start).move()
                var k = start
                while order[k] != start {
                    (base + k).initialize(to: (base + order[k]).move())
                    placed[k] = true
                    k = order[k]
                }
                (base + k).initialize(to: first)
                placed[k] = true
            }
        }
    }
}

/// Dense ranks of distinct values in their order, so a sort compares two integers instead of
/// two strings: `ranks[a] < ranks[b]` exactly when `a < b`, and equal ranks mean equal values.
struct Ranks<Value: Hashable & Comparable> {
    private let rank: [Value: Int]

    init(_ values: some Sequence<Value>) {
        let distinct = Set(values).sorted()
        rank = Dictionary(uniqueKeysWithValues: zip(distinct, distinct.indices))
    }

    /// The rank of a value given to the initialiser.
    subscript(value: Value) -> Int { rank[value]! }
}
