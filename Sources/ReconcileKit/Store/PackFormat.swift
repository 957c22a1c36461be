/// Byte layout of pack files and their indexes. All integers are big-endian.
///
/// Pack (`packs/<packID>.pack`):
/// ```
/// "RCPK" | version u32 = 1 | entry count u32
/// entry*: compressed length u32 | raw length u32 | zlib bytes
/// trailer: SHA-256 of every byte before it  (= the pack id)
/// ```
/// Index (`packs/<packID>.idx`):
/// ```
/// "RCIX" | version u32 = 1 | entry count u32 | pack id (32 bytes)
/// entry*, sorted by object id: object id (32) | offset of the entry in the pack u64 | entry length u32
/// trailer: SHA-256 of every byte before it
/// ```
/// A pack is self-describing (verify can walk it without the index and re-hash every entry); the
/// index is what reads use, loaded in one read and binary-searched in place.
enum PackFormat {
    static let packMagic: [UInt8] = Array("RCPK".utf8)
    static let indexMagic: [UInt8] = Array("RCIX".utf8)
    static let version: UInt32 = 1
    static let packHeaderSize = 12
    static let entryHeaderSize = 8
    static let trailerSize = 32
    static let indexHeaderSize = 12 + 32
    static let indexEntrySize = 32 + 8 + 4

    static func append(_ value: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: value >> 24))
        out.append(UInt8(truncatingIfNeeded: value >> 16))
        out.append(UInt8(truncatingIfNeeded: value >> 8))
        out.append(UInt8(truncatingIfNeeded: value))
    }

    static func append(_ value: UInt64, to out: inout [UInt8]) {
        append(UInt32(truncatingIfNeeded: value >> 32), to: &out)
        append(UInt32(truncatingIfNeeded: value), to: &out)
    }

    static func set(_ value: UInt32, at offset: Int, in out: inout [UInt8]) {
        out[offset] = UInt8(truncatingIfNeeded: value >> 24)
        out[offset + 1] = UInt8(truncatingIfNeeded: value >> 16)
        out[offset + 2] = UInt8(truncatingIfNeeded: value >> 8)
        out[offset + 3] = UInt8(truncatingIfNeeded: value)
    }

    static func uint32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    static func uint64(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        UInt64(uint32(bytes, at: offset)) << 32 | UInt64(uint32(bytes, at: offset + 4))
    }
}

/// Builds one pack in a single growing buffer, to be written with one sequential write and one fsync.
struct PackWriter {
    private(set) var buffer: [UInt8]
    /// (object id, offset, entry length) in append order.
    private(set) var entries: [(id: ObjectID, offset: UInt64, length: UInt32)] = []

    init(reserving capacity: Int = 0) {
        buffer = PackFormat.packMagic
        buffer.reserveCapacity(capacity + PackFormat.packHeaderSize)
        PackFormat.append(PackFormat.version, to: &buffer)
        PackFormat.append(UInt32(0), to: &buffer)
    }

    var isEmpty: Bool { entries.isEmpty }
    var byteCount: Int { buffer.count }

    /// Appends an object compressed by ``compress(_:jobs:)`` (the same bytes ``append(_:)`` writes).
    mutating func append(_ id: ObjectID, compressed: [UInt8], size: Int) {
        let offset = buffer.count
        PackFormat.append(UInt32(compressed.count), to: &buffer)
        PackFormat.append(UInt32(size), to: &buffer)
        buffer.append(contentsOf: compressed)
        entries.append((id, UInt64(offset), UInt32(buffer.count - offset)))
    }

    /// Each object's bytes compressed as a pack stores them, in order, on up to `jobs` threads
    /// (one zlib stream each); every object is re-hashed against its id on the way.
    static func compress(_ objects: ArraySlice<StoreObject>, jobs: Int) -> [[UInt8]] {
        let objects = Array(objects)
        let chunks = max(1, min(jobs, objects.count / 256))
        let size = (objects.count + chunks - 1) / max(chunks, 1)
        let parts = OrderedPipeline.map(Array(0..<chunks), jobs: chunks) { chunk -> [[UInt8]] in
            let deflater = StoreDeflater(level: StoreDeflater.packLevel)
            return objects[chunk * size..<min((chunk + 1) * size, objects.count)].map { object in
                precondition(ObjectID(digestOf: object.bytes) == object.id, "record id \(object.id) is not the SHA-256 of its bytes")
                return deflater.compress(object.bytes)
            }
        }
        return parts.flatMap { $0 }
    }

    mutating func finish() -> (packID: ObjectID, pack: [UInt8], index: [UInt8]) {
        PackFormat.set(UInt32(entries.count), at: 8, in: &buffer)
        let packID = ObjectID(digestOf: buffer)
        buffer.append(contentsOf: packID.bytes)
        let index = PackIndex.encode(packID: packID, entries: entries)
        let pack = buffer
        buffer = []
        entries = []
        return (packID, pack, index)
    }
}
