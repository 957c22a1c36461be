/// Where a renderer of a large file puts its bytes: kept in memory, or handed on in chunks.
///
/// The renderer appends to ``bytes`` and calls ``flushIfFull()`` between items (after a row, an
/// object); once a chunk's worth has gathered and a ``ByteDrain`` is attached, the drain takes the
/// bytes and the buffer starts over. So a 500 MB `report.json` goes to its file in 1 MiB pieces and
/// never lives in memory whole. Without a drain the bytes simply stay in ``bytes``.
struct ByteOutput {
    var bytes: [UInt8]
    private let drain: (any ByteDrain)?
    private let chunkSize: Int

    /// Everything stays in ``bytes``; `capacity` is reserved up front.
    init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
        drain = nil
        chunkSize = .max
    }

    /// The bytes go to `drain` about `chunkSize` at a time; ``finish()`` hands over the rest.
    init(drain: any ByteDrain, chunkSize: Int = 1 << 20) {
        bytes = []
        bytes.reserveCapacity(chunkSize + chunkSize / 4)
        self.drain = drain
        self.chunkSize = chunkSize
    }

    /// Hands the buffer to the drain when a chunk has gathered.
    @inline(__always)
    mutating func flushIfFull() {
        if bytes.count >= chunkSize { flush() }
    }

    /// Hands whatever is buffered to the drain (nothing happens without one).
    mutating func finish() { flush() }

    private mutating func flush() {
        guard let drain, !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { drain.take($0) }
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Takes the chunks of a ``ByteOutput``, in order.
protocol ByteDrain: AnyObject {
    func take(_ chunk: UnsafeRawBufferPointer)
}
