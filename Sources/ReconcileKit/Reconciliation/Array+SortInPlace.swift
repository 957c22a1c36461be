extension Array {
    /// `sort(by:)`, with the same (stable) result, for large structs (exceptions): it sorts
    /// positions, lets the comparison read the elements where they are, and then moves the
    /// elements into their places by swaps, so no element is copied (issue 6).
    mutating func sortInPlace(by areInIncreasingOrder: (UnsafePointer<Element>, UnsafePointer<Element>) -> Bool) {
        let order = withUnsafeBufferPointer { elements -> [Int] in
            guard let base = elements.baseAddress else { return [] }
            return elements.indices.sorted { areInIncreasingOrder(base + $0, base + $1) }
        }
        permute(to: order)
    }

    /// Puts `self[order[k]]` at position `k`, following each cycle of the permutation with swaps.
    mutating func permute(to order: [Int]) {
        precondition(order.count == count)
        var placed = [Bool](repeating: false, count: count)
        for start in indices where !placed[start] {
            var k = start
            placed[k] = true
            while order[k] != start {
                swapAt(k, order[k])
                k = order[k]
                placed[k] = true
            }
        }
    }
}
