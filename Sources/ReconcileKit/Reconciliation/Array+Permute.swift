extension Array {
    /// Puts `self[order[k]]` at position `k`, following each cycle of the permutation with swaps
    /// in the buffer, which move elements without retaining and releasing their fields.
    mutating func permute(to order: [Int]) {
        precondition(order.count == count)
        precondition(order.allSatisfy { indices.contains($0) }, "a permutation of the indices")
        var placed = [Bool](repeating: false, count: count)
        withUnsafeMutableBufferPointer { elements in
            for start in elements.indices where !placed[start] {
                var k = start
                placed[k] = true
                while order[k] != start {
                    precondition(!placed[order[k]], "a permutation of the indices")
                    elements.swapAt(k, order[k])
                    k = order[k]
                    placed[k] = true
                }
            }
        }
    }
}
