/// Appends integers, strings and object ids to one growing buffer: the building block of the
/// binary snapshots of the index and the ledger (no intermediate tree, no per-field allocation).
struct BinaryWriter {
    var bytes: [UInt8] = []

    init(reserving capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// LEB128 unsigned.
    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func int(_ value: Int) { varint(UInt64(bitPattern: Int64(value))) }

    /// Zig-zag, so small negative numbers stay small.
    mutating func signed(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optionalString(_ s: String?) {
        if let s { byte(1); string(s) } else { byte(0) }
    }

    /// Overwrites 8 bytes at `offset` (a length known only after what it measures was written).
    mutating func patchUInt64(_ value: UInt64, at offset: Int) {
        for i in 0..<8 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    }

    /// A 64-hex-digit object id as its 32 bytes; anything else (never written by the run) as text.
    /// Tag 0 and the 32 bytes. (Tag 1 and a string was written for ids that were not hex; an
    /// index holds only real object ids now, and the reader still takes tag 1 if its string is one.)
    mutating func objectID(_ id: ObjectID) {
        byte(0)
        id.append(to: &bytes)
    }
}

/// Reads what ``BinaryWriter`` wrote; every read is bounds-checked and fails with the offset.
struct BinaryReader {
    struct Failure: Error {
        let offset: Int
        let reason: String
    }

    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var atEnd: Bool { offset == bytes.count }

    mutating func byte() throws(Failure) -> UInt8 {
        guard offset < bytes.count else { throw Failure(offset: offset, reason: "unexpected end of data") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func varint() throws(Failure) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw Failure(offset: offset, reason: "integer too long") }
            result |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    mutating func int() throws(Failure) -> Int { Int(Int64(bitPattern: try varint())) }

    /// 8 bytes, little-endian (see ``BinaryWriter/patchUInt64(_:at:)``).
    mutating func uint64() throws(Failure) -> UInt64 {
        guard bytes.count - offset >= 8 else { throw Failure(offset: offset, reason: "unexpected end of data") }
        defer { offset += 8 }
        return (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }

    mutating func count() throws(Failure) -> Int {
        let n = try varint()
        guard n <= UInt64(bytes.count - offset) else { throw Failure(offset: offset, reason: "count \(n) exceeds the data") }
        return Int(n)
    }

    mutating func signed() throws(Failure) -> Int64 {
        let v = try varint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    mutating func raw(_ n: Int) throws(Failure) -> UnsafeRawBufferPointer {
        guard n >= 0, bytes.count - offset >= n else { throw Failure(offset: offset, reason: "unexpected end of data") }
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)])
    }

    mutating func string() throws(Failure) -> String {
        let start = offset
        let n = try count()
        let raw = try raw(n)
        guard let s = validatedString(raw.assumingMemoryBound(to: UInt8.self)) else {
            throw Failure(offset: start, reason: "invalid UTF-8")
        }
        return s
    }

    mutating func optionalString() throws(Failure) -> String? {
        switch try byte() {
        case 0: return nil
        case 1: return try string()
        default: throw Failure(offset: offset - 1, reason: "invalid optional tag")
        }
    }

    mutating func objectID() throws(Failure) -> ObjectID {
        let at = offset
        switch try byte() {
        case 0: return ObjectID(raw: try raw(32))
        case 1:
            guard let id = ObjectID(hex: try string()) else { throw Failure(offset: at, reason: "invalid object id") }
            return id
        default: throw Failure(offset: at, reason: "invalid object id tag")
        }
    }
}

extension UnsafeRawBufferPointer {
    func assumingMemoryBound(to: UInt8.Type) -> UnsafeBufferPointer<UInt8> {
        guard let base = baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count)
    }
}

/// Interns repeated strings (run ids, paths, file hashes) so each is written once.
struct StringTable {
    private(set) var strings: [String] = []
    private var ids: [String: Int] = [:]

    mutating func id(_ s: String) -> Int {
        if let id = ids[s] { return id }
        let id = strings.count
        strings.append(s)
        ids[s] = id
        return id
    }

    /// The last string one field of the encoded values gave, and its id.
    struct Memo {
        fileprivate var string: String?
        fileprivate var id = 0
    }

    /// ``id(_:)`` through the field's memo: a field that mostly repeats its last value (a status,
    /// a currency, the run id of a million sightings) costs a string comparison — equal literals
    /// compare by identity — instead of a hash lookup (issue 6: ~16M lookups in a 1M snapshot).
    mutating func id(_ s: String, memo: inout Memo) -> Int {
        if memo.string == s { return memo.id }
        memo = Memo(string: s, id: id(s))
        return memo.id
    }
}
