extension Array {
    /// The positions from `start` on in the order of a stable sort of their elements by
    /// `areInIncreasingOrder`, nil when they are in that order already (checked in one pass).
    /// Elements are compared in place: sorting large structs with reference-counted fields costs
    /// no reference counting.
    func stableOrder(from start: Int = 0, by areInIncreasingOrder: (borrowing Element, borrowing Element) -> Bool)
        -> [Int]?
    {
        withUnsafeBufferPointer { elements in
            if (start..<elements.count).dropFirst().allSatisfy({ !areInIncreasingOrder(elements[$0], elements[$0 - 1]) }
            ) {
                return nil
            }
            // The standard library's sort is stable.
            return (start..<elements.count).sorted { areInIncreasingOrder(elements[$0], elements[$1]) }
        }
    }

    /// Sorts the elements from `start` on stably by `areInIncreasingOrder`: their positions are
    /// sorted (``stableOrder(from:by:)``), then each element moves once.
    mutating func stableSort(
        from start: Int = 0, by areInIncreasingOrder: (borrowing Element, borrowing Element) -> Bool
    ) {
        if let order = stableOrder(from: start, by: areInIncreasingOrder) { permute(to: order, from: start) }
    }

    /// The elements in the order of the stable `sorted(by:)`, by ``stableSort(from:by:)``.
    consuming func stablySorted(by areInIncreasingOrder: (borrowing Element, borrowing Element) -> Bool) -> [Element] {
        var result = self
        result.stableSort(by: areInIncreasingOrder)
        return result
    }

    /// Puts `self[order[k]]` at position `start + k`, where `order` permutes the positions from
    /// `start` to the end, following each cycle of the permutation with swaps in the buffer,
    /// which move elements without retaining and releasing their fields.
    mutating func permute(to order: [Int], from start: Int = 0) {
        precondition(start + order.count == count)
        precondition(order.allSatisfy { (start..<count).contains($0) }, "a permutation of the positions")
        var placed = [Bool](repeating: false, count: order.count)
        withUnsafeMutableBufferPointer { elements in
            for first in order.indices where !placed[first] {
                var k = first
                placed[k] = true
                while order[k] - start != first {
                    precondition(!placed[order[k] - start], "a permutation of the positions")
                    elements.swapAt(start + k, order[k])
                    k = order[k] - start
                    placed[k] = true
                }
            }
        }
    }
}
