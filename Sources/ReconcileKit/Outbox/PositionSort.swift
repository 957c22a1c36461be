extension Array {
    /// The elements in the order of the stable `sorted(by:)`, found by sorting their positions
    /// and then moving each element into place once: sorting a large struct with reference-counted
    /// fields then costs no reference counting.
    consuming func stablySorted(by areInIncreasingOrder: (Element, Element) -> Bool) -> [Element] {
        let order = withUnsafeBufferPointer { elements in
            var order = [Int](elements.indices)
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
