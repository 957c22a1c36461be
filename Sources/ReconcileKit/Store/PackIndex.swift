#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loaded pack index: the raw idx bytes, binary-searched in place (no per-entry allocation, so a
/// million-entry index loads with one read and one hash).
struct PackIndex {
    let packID: ObjectID
    /// The version of the index and of its pack (``PackFormat``): 2 when entries name blocks.
    let version: UInt32
    let count: Int
    private let bytes: [UInt8]

    struct Entry: Equatable {
        let id: ObjectID
        let offset: UInt64
        let length: UInt32
    }

    static func encode(packID: ObjectID, entries: [(id: ObjectID, offset: UInt64, length: UInt32)],
                       version: UInt32 = PackFormat.version) -> [UInt8] {
        let sorted = entries.sorted { $0.id < $1.id }
        var out = PackFormat.indexMagic
        out.reserveCapacity(PackFormat.indexHeaderSize + sorted.count * PackFormat.indexEntrySize + PackFormat.trailerSize)
        PackFormat.append(version, to: &out)
        PackFormat.append(UInt32(sorted.count), to: &out)
        out.append(contentsOf: packID.bytes)
        for e in sorted {
            out.append(contentsOf: e.id.bytes)
            PackFormat.append(e.offset, to: &out)
            PackFormat.append(e.length, to: &out)
        }
        out.append(contentsOf: ObjectID(digestOf: out).bytes)
        return out
    }

    /// Checks magic, version, size, checksum, pack id and ordering; the failure is a reason string.
    init(bytes: [UInt8], expectedPackID: ObjectID) throws(PackIndexFailure) {
        let minimum = PackFormat.indexHeaderSize + PackFormat.trailerSize
        guard bytes.count >= minimum else { throw PackIndexFailure(reason: "index is \(bytes.count) bytes, shorter than its header") }
        guard Array(bytes[0..<4]) == PackFormat.indexMagic else { throw PackIndexFailure(reason: "not a pack index (bad magic)") }
        let (version, count) = bytes.withUnsafeBytes { (PackFormat.uint32($0, at: 4), Int(PackFormat.uint32($0, at: 8))) }
        guard PackFormat.readable.contains(version) else { throw PackIndexFailure(reason: "unknown index version \(version)") }
        let expectedSize = PackFormat.indexHeaderSize + count * PackFormat.indexEntrySize + PackFormat.trailerSize
        guard bytes.count == expectedSize else {
            throw PackIndexFailure(reason: "index is \(bytes.count) bytes, expected \(expectedSize) for \(count) entries")
        }
        let checksum = bytes.withUnsafeBytes { ObjectID(digestOf: UnsafeRawBufferPointer(rebasing: $0[0..<(expectedSize - 32)])) }
        guard checksum.bytes[...] == bytes[(expectedSize - 32)...] else { throw PackIndexFailure(reason: "index checksum mismatch") }
        guard ObjectID(rawDigest: Array(bytes[12..<44])) == expectedPackID else {
            throw PackIndexFailure(reason: "index names another pack")
        }
        self.packID = expectedPackID
        self.version = version
        self.count = count
        self.bytes = bytes
        for i in 1..<max(1, count) where compareID(at: i - 1, withEntryAt: i) >= 0 {
            throw PackIndexFailure(reason: "entries are not sorted by object id at entry \(i)")
        }
    }

    func entry(at i: Int) -> Entry {
        let base = PackFormat.indexHeaderSize + i * PackFormat.indexEntrySize
        return bytes.withUnsafeBytes { raw in
            Entry(id: ObjectID(rawDigest: Array(raw[base..<(base + 32)])),
                  offset: PackFormat.uint64(raw, at: base + 32),
                  length: PackFormat.uint32(raw, at: base + 40))
        }
    }

    var entries: [Entry] { (0..<count).map(entry(at:)) }

    func find(_ id: ObjectID) -> Entry? {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            let c = compare(id, withEntryAt: mid)
            if c == 0 { return entry(at: mid) }
            if c < 0 { high = mid } else { low = mid + 1 }
        }
        return nil
    }

    func contains(_ id: ObjectID) -> Bool { find(id) != nil }

    private func compare(_ id: ObjectID, withEntryAt i: Int) -> Int {
        let base = PackFormat.indexHeaderSize + i * PackFormat.indexEntrySize
        return id.bytes.withUnsafeBytes { a in
            bytes.withUnsafeBytes { b in Int(memcmp(a.baseAddress!, b.baseAddress! + base, 32)) }
        }
    }

    private func compareID(at i: Int, withEntryAt j: Int) -> Int {
        let a = PackFormat.indexHeaderSize + i * PackFormat.indexEntrySize
        let b = PackFormat.indexHeaderSize + j * PackFormat.indexEntrySize
        return bytes.withUnsafeBytes { Int(memcmp($0.baseAddress! + a, $0.baseAddress! + b, 32)) }
    }
}

struct PackIndexFailure: Error {
    let reason: String
}
