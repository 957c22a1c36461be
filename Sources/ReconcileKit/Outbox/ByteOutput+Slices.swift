extension ByteOutput {
    /// Appends the bytes of `count` items rendered in slices of `sliceSize` on up to `jobs`
    /// threads: `render` writes the items of one range of positions into an output of its own,
    /// and the slices are appended here in order, on the calling thread (so a drain sees the same
    /// chunks from the same thread for any `jobs`). The bytes are those of one pass over all the
    /// items; at most `2 × jobs` slices wait in memory.
    mutating func appendInSlices(
        count: Int, jobs: Int, sliceSize: Int = 4096,
        _ render: @escaping @Sendable (Range<Int>, inout ByteOutput) -> Void
    ) {
        let slices = stride(from: 0, to: count, by: sliceSize).map { $0..<min($0 + sliceSize, count) }
        OrderedPipeline.run(slices, jobs: jobs, window: 2 * jobs) { range in
            var part = ByteOutput()
            render(range, &part)
            return part.bytes
        } consume: { _, bytes in
            self.bytes += bytes
            flushIfFull()
        }
    }
}
