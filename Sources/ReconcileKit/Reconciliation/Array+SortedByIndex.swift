extension Array {
    /// `sorted(by:)`, with the same (stable) result, that sorts positions instead of elements and
    /// lends the elements to the comparison: large structs (bookings, exceptions) are then copied
    /// once, into place, instead of at every comparison and merge.
    func sortedByIndex(by areInIncreasingOrder: (Element, Element) -> Bool) -> [Element] {
        withUnsafeBufferPointer { elements in
            let order = elements.indices.sorted { areInIncreasingOrder(elements[$0], elements[$1]) }
            return order.map { elements[$0] }
        }
    }
}
