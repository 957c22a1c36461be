extension Array {
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
