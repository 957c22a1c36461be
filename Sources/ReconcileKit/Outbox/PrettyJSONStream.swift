/// ``PrettyJSON`` written piece by piece into a ``ByteOutput``, for documents too large to build as
/// one ``JSONValue`` (`report.json`): the caller opens objects and arrays, adds members and
/// elements, and closes them. The bytes equal `PrettyJSON.encode` of the whole value provided the
/// caller adds each object's members in key order (UTF-8 byte order); a member's value, written
/// whole, is sorted as `PrettyJSON` sorts it.
struct PrettyJSONStream {
    /// Items (members or elements) so far in each open container, outermost first.
    private var counts: [Int] = []
    private var closers: [UInt8] = []

    init() {}

    /// A stream for elements rendered apart (on another thread, see
    /// ``ByteOutput/appendInSlices(count:jobs:sliceSize:_:)``) that continue the innermost open
    /// array of `stream`, after `itemsBefore` elements: its bytes follow those of the elements
    /// before. It must not close the array; ``addedApart(_:)`` tells `stream` about the elements.
    init(continuing stream: PrettyJSONStream, after itemsBefore: Int) {
        counts = stream.counts
        closers = stream.closers
        counts[counts.count - 1] = itemsBefore
    }

    /// Counts `items` elements written by a continuing stream as part of the innermost container.
    /// Open containers: the indent level of a value written into the innermost one.
    var depth: Int { counts.count }

    mutating func addedApart(_ items: Int) { counts[counts.count - 1] += items }

    mutating func openObject(_ key: String? = nil, _ out: inout ByteOutput) { open(UInt8(ascii: "{"), key, &out) }

    mutating func openArray(_ key: String? = nil, _ out: inout ByteOutput) { open(UInt8(ascii: "["), key, &out) }

    /// One member of the open object, or (without a key) one element of the open array.
    mutating func add(_ key: String?, _ value: JSONValue, _ out: inout ByteOutput) {
        startItem(key, &out)
        PrettyJSON.write(value, indent: counts.count, to: &out.bytes)
        out.flushIfFull()
    }

    /// The bytes that open each member of an object with `keys` (in key order) opened as the next
    /// item of the innermost container: the comma after the member before, the new line and
    /// indent, and the key. The caller writes them and the values, then ``addedApart(_:)`` with
    /// the number of members before ``close(_:)``: the same bytes as ``add(_:_:_:)`` per member.
    func memberOpenings(_ keys: [String]) -> [[UInt8]] {
        keys.indices.map { k in
            var bytes: [UInt8] = k > 0 ? [UInt8(ascii: ",")] : []
            bytes.append(0x0a)
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (counts.count + 1) * 2))
            CanonicalJSON.writeString(keys[k], to: &bytes)
            bytes.append(contentsOf: ": ".utf8)
            return bytes
        }
    }

    /// Closes the innermost container, `[]` or `{}` when it stayed empty. After the outermost one
    /// comes the final newline.
    mutating func close(_ out: inout ByteOutput) {
        let count = counts.removeLast()
        if count > 0 { newline(&out) }
        out.bytes.append(closers.removeLast())
        if counts.isEmpty { out.bytes.append(0x0a) }
        out.flushIfFull()
    }

    private mutating func open(_ bracket: UInt8, _ key: String?, _ out: inout ByteOutput) {
        if !counts.isEmpty { startItem(key, &out) }
        out.bytes.append(bracket)
        counts.append(0)
        closers.append(bracket + 2)  // "{" + 2 is "}", "[" + 2 is "]"
    }

    /// The comma after the previous item, the new line and indent, and the key.
    private mutating func startItem(_ key: String?, _ out: inout ByteOutput) {
        if counts[counts.count - 1] > 0 { out.bytes.append(UInt8(ascii: ",")) }
        counts[counts.count - 1] += 1
        newline(&out)
        if let key {
            CanonicalJSON.writeString(key, to: &out.bytes)
            out.bytes.append(UInt8(ascii: ":"))
            out.bytes.append(UInt8(ascii: " "))
        }
    }

    private func newline(_ out: inout ByteOutput) {
        out.bytes.append(0x0a)
        out.bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: counts.count * 2))
    }
}
