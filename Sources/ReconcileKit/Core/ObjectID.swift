import Crypto

/// The SHA-256 of an object's canonical bytes: the name of every record, file and root in the store.
///
/// Held inline as four big-endian 64-bit words (no heap storage), so comparing the words in order is
/// comparing the 32 bytes in order.
struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
    private let w0: UInt64
    private let w1: UInt64
    private let w2: UInt64
    private let w3: UInt64

    /// The first 64 bits of the digest: already uniform (no one can choose SHA-256 outputs), so
    /// hash tables of a million objects hash 8 bytes instead of 32. Equality compares all 32.
    func hash(into hasher: inout Hasher) { hasher.combine(w0) }

    /// The 32 digest bytes, in order.
    var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            raw.storeBytes(of: w0.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: w1.bigEndian, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: w2.bigEndian, toByteOffset: 16, as: UInt64.self)
            raw.storeBytes(of: w3.bigEndian, toByteOffset: 24, as: UInt64.self)
            count = 32
        }
    }

    init(digestOf bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { ObjectID(digestOf: $0) }
    }

    init(digestOf buffer: UnsafeRawBufferPointer) {
        self = SHA256.hash(data: buffer).withUnsafeBytes { ObjectID(raw: $0) }
    }

    /// Parses 64 hex characters; anything else is not an object id.
    init?(hex: some StringProtocol) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var count = 0
        for c in hex.utf8 {
            guard count < 64, let n = Self.nibble(c) else { return nil }
            let word = UInt64(n)
            switch count >> 4 {
            case 0: words.0 = words.0 << 4 | word
            case 1: words.1 = words.1 << 4 | word
            case 2: words.2 = words.2 << 4 | word
            default: words.3 = words.3 << 4 | word
            }
            count += 1
        }
        guard count == 64 else { return nil }
        (w0, w1, w2, w3) = words
    }

    /// Exactly 32 raw digest bytes.
    init(raw: UnsafeRawBufferPointer) {
        precondition(raw.count == 32, "a SHA-256 digest has 32 bytes")
        w0 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        w1 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        w2 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        w3 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    var hex: String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            let digits: StaticString = "0123456789abcdef"
            let table = digits.utf8Start
            func put(_ word: UInt64, at start: Int) {
                var shift: UInt64 = 60
                for i in start..<(start + 16) {
                    buffer[i] = table[Int((word >> shift) & 0x0f)]
                    shift &-= 4
                }
            }
            put(w0, at: 0)
            put(w1, at: 16)
            put(w2, at: 32)
            put(w3, at: 48)
            return 64
        }
    }

    /// Appends the 32 digest bytes to `out` (no temporary array).
    func append(to out: inout [UInt8]) {
        for word in [w0, w1, w2, w3] {
            var shift: UInt64 = 56
            for _ in 0..<8 {
                out.append(UInt8(truncatingIfNeeded: word >> shift))
                shift &-= 8
            }
        }
    }

    /// The first 12 hex characters, for humans.
    var short: String { String(hex.prefix(12)) }
    var description: String { hex }

    static func < (a: ObjectID, b: ObjectID) -> Bool {
        (a.w0, a.w1, a.w2, a.w3) < (b.w0, b.w1, b.w2, b.w3)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

/// Streams bytes into a SHA-256 without holding them all.
struct StreamingDigest {
    private var hasher = SHA256()
    init() {}
    mutating func update(_ buffer: UnsafeRawBufferPointer) { hasher.update(bufferPointer: buffer) }
    mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) } }
    func finalize() -> ObjectID { hasher.finalize().withUnsafeBytes { ObjectID(raw: $0) } }
}

extension ObjectID {
    init(rawDigest: [UInt8]) {
        precondition(rawDigest.count == 32, "a SHA-256 digest has 32 bytes")
        self = rawDigest.withUnsafeBytes { ObjectID(raw: $0) }
    }
}

/// In JSON (the index's format-1 form, `--json` output) an object id is its hex string.
extension ObjectID: Codable {
    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let hex = try c.decode(String.self)
        guard let id = ObjectID(hex: hex) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a 64-character hex object id")
        }
        self = id
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(hex)
    }
}
