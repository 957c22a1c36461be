extension RandomAccessCollection where Index == Int {
    /// Consecutive slices of at most `size` elements, in order (the last may be shorter): a large
    /// night's rows are read, written or summed a slice at a time.
    func chunks(of size: Int) -> [SubSequence] {
        stride(from: startIndex, to: endIndex, by: size).map { self[$0..<Swift.min($0 + size, endIndex)] }
    }
}
