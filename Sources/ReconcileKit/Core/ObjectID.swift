import Crypto

/// The SHA-256 of an object's canonical bytes: the name of every record, file and root in the store.
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(digestOf bytes: [UInt8]) {
        self.bytes = bytes.withUnsafeBytes { Array(SHA256.hash(data: $0)) }
    }

    public init(digestOf buffer: UnsafeRawBufferPointer) {
        bytes = Array(SHA256.hash(data: buffer))
    }

    /// Parses 64 hex characters; anything else is not an object id.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(32)
        var i = 0
        while i < 64 {
            guard let hi = Self.nibble(utf8[i]), let lo = Self.nibble(utf8[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        bytes = out
    }

    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first 12 hex characters, for humans.
    public var short: String { String(hex.prefix(12)) }
    public var description: String { hex }

    public static func < (a: ObjectID, b: ObjectID) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

/// Streams bytes into a SHA-256 without holding them all.
public struct StreamingDigest {
    private var hasher = SHA256()
    public init() {}
    public mutating func update(_ buffer: UnsafeRawBufferPointer) { hasher.update(bufferPointer: buffer) }
    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) } }
    public func finalize() -> ObjectID { ObjectID(rawDigest: Array(hasher.finalize())) }
}

extension ObjectID {
    init(rawDigest: [UInt8]) {
        precondition(rawDigest.count == 32, "a SHA-256 digest has 32 bytes")
        bytes = rawDigest
    }
}
