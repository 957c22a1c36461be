#if canImport(Glibc)
    import Glibc
#endif

/// A list a run appends to and reads back in order, that keeps at most `chunk` elements in memory:
/// past that, each full chunk is encoded and written to an unlinked temporary file (its data
/// vanishes with the process, whatever ends it). A first run's admitted records (a few per event)
/// and the bank statements its report lists would otherwise be held to the end.
///
/// Reading back is a ``Sequence``: a chunk is decoded at a time. The file is this process's own and
/// unnamed, so it cannot change under it; a failed read (an I/O error of the device) stops the
/// process with an internal error rather than yield a short list.
struct SpillList<Element: Spillable>: Sequence, Sendable where Element: Sendable {
    private var spilled: [SpillFile.Segment] = []
    private var tail: [Element] = []
    private var file: SpillFile?
    /// Elements held in memory before a chunk is written out.
    let chunk: Int
    /// Where the temporary file goes (`TMPDIR`, else `/tmp`).
    let directory: String
    private(set) var count = 0

    init(chunk: Int = 65_536, directory: String = SpillFile.defaultDirectory) {
        self.chunk = SpillFile.elementsHeld ?? chunk
        precondition(self.chunk > 0, "a chunk holds at least one element")
        self.directory = directory
    }

    var isEmpty: Bool { count == 0 }

    mutating func append(_ element: Element) throws(FileSystemError) {
        tail.append(element)
        count += 1
        if tail.count >= chunk { try spillTail() }
    }

    private mutating func spillTail() throws(FileSystemError) {
        var encoder = SpillEncoder()
        encoder.put(tail.count)
        for element in tail { element.spill(into: &encoder) }
        if file == nil { file = try SpillFile(directory: directory) }
        spilled.append(try file!.append(encoder.bytes))
        tail.removeAll(keepingCapacity: true)
    }

    /// The elements in append order, a chunk at a time.
    func forEachChunk(_ body: ([Element]) throws -> Void) rethrows {
        for segment in spilled { try body(Self.decode(segment, from: file!)) }
        if !tail.isEmpty { try body(tail) }
    }

    private static func decode(_ segment: SpillFile.Segment, from file: SpillFile) -> [Element] {
        let bytes: [UInt8]
        do { bytes = try file.read(segment) } catch {
            fatalError("internal error: the run's temporary spill file cannot be read back: \(error)")
        }
        var decoder = SpillDecoder(bytes)
        let count = decoder.int()
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(Element(from: &decoder)) }
        return elements
    }

    func makeIterator() -> Iterator { Iterator(list: self) }

    struct Iterator: IteratorProtocol {
        let list: SpillList
        private var segment = 0
        private var current: [Element] = []
        private var position = 0
        private var tailDone = false

        init(list: SpillList) { self.list = list }

        mutating func next() -> Element? {
            while position == current.count {
                if segment < list.spilled.count {
                    current = SpillList.decode(list.spilled[segment], from: list.file!)
                    segment += 1
                } else if !tailDone {
                    current = list.tail
                    tailDone = true
                } else {
                    return nil
                }
                position = 0
            }
            defer { position += 1 }
            return current[position]
        }
    }
}

/// A value a ``SpillList`` can set aside: written and read back by the same build, so the encoding
/// is this build's own and carries no version.
protocol Spillable {
    func spill(into encoder: inout SpillEncoder)
    init(from decoder: inout SpillDecoder)
}

/// An append-only, unlinked temporary file, read back by offset. One thread uses it at a time (a
/// run's result moves between threads whole, never shared).
final class SpillFile: @unchecked Sendable {
    struct Segment {
        let offset: Int64
        let length: Int
    }

    static var defaultDirectory: String {
        guard let tmp = getenv("TMPDIR").map({ String(cString: $0) }), !tmp.isEmpty else { return "/tmp" }
        return tmp
    }

    /// Elements every list made in the binding's scope holds, whatever its own chunk: tests make a
    /// small inbox spill with it.
    @TaskLocal static var elementsHeld: Int?

    private let fd: Int32
    private let path: String
    private var end: Int64 = 0

    /// Creates the file in `directory` and removes its name at once.
    init(directory: String) throws(FileSystemError) {
        var template = Array((directory + "/reconcile-spill-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let code = errno
        let path = String(cString: template)
        guard fd >= 0 else { throw FileSystemError(.write, path: path, errno: code) }
        unlink(path)
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    func append(_ bytes: [UInt8]) throws(FileSystemError) -> Segment {
        let segment = Segment(offset: end, length: bytes.count)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { FileIO.current.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw FileSystemError(.write, path: path, errno: n < 0 ? errno : ENOSPC) }
            written += n
        }
        end += Int64(bytes.count)
        return segment
    }

    func read(_ segment: Segment) throws(FileSystemError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: segment.length)
        var done = 0
        while done < segment.length {
            let n = bytes.withUnsafeMutableBytes {
                pread(fd, $0.baseAddress! + done, segment.length - done, off_t(segment.offset) + off_t(done))
            }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw FileSystemError(.read, path: path, errno: n < 0 ? errno : EIO) }
            done += n
        }
        return bytes
    }
}

/// Writes values for a ``SpillList``: integers as 8 bytes, strings as a length and their UTF-8.
struct SpillEncoder {
    private(set) var bytes: [UInt8] = []

    mutating func put(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func put(_ value: Int64) { put(Int(value)) }

    mutating func put(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func put(_ value: String) {
        put(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func put(_ value: String?) {
        put(value != nil)
        if let value { put(value) }
    }

    mutating func put(_ value: Int?) {
        put(value != nil)
        if let value { put(value) }
    }

    mutating func put(bytes value: [UInt8]) {
        put(value.count)
        bytes.append(contentsOf: value)
    }
}

/// Reads what a ``SpillEncoder`` wrote, in the same order. Bytes it did not write (a damaged
/// stored copy) never trap: a read past the end, or of a negative length, gives an empty value and
/// marks the decoder ``overran``.
struct SpillDecoder {
    private let bytes: [UInt8]
    private var position = 0
    /// Whether a read went past the end: the bytes are not what the encoder wrote.
    private(set) var overran = false

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next `count` bytes' positions, or nil (and ``overran``) if there are not that many.
    private mutating func take(_ count: Int) -> Range<Int>? {
        guard count >= 0, count <= remaining else { return overrun() }
        defer { position += count }
        return position..<(position + count)
    }

    /// How many bytes are left to read.
    var remaining: Int { bytes.count - position }

    mutating func int() -> Int {
        guard let range = take(8) else { return 0 }
        var value: Int64 = 0
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes[range]) }
        return Int(Int64(littleEndian: value))
    }

    mutating func int64() -> Int64 { Int64(int()) }

    /// A count of items that follow, each at least a byte: nil (and ``overran``) when it is
    /// negative or more than the bytes left could hold, so damage never makes a long loop.
    mutating func count() -> Int? {
        let count = int()
        guard count >= 0, count <= remaining else { return overrun() }
        return count
    }

    /// Marks the bytes as not the encoder's and reads nothing more from them.
    private mutating func overrun<T>() -> T? {
        overran = true
        position = bytes.count
        return nil
    }

    mutating func bool() -> Bool {
        guard let range = take(1) else { return false }
        return bytes[range.lowerBound] != 0
    }

    mutating func string() -> String {
        guard let range = take(int()) else { return "" }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    mutating func optionalString() -> String? { bool() ? string() : nil }

    mutating func optionalInt() -> Int? { bool() ? int() : nil }

    mutating func byteArray() -> [UInt8] {
        guard let range = take(int()) else { return [] }
        return Array(bytes[range])
    }
}
