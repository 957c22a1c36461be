/// Byte layout of pack files and their indexes. All integers are big-endian.
///
/// Pack (`packs/<packID>.pack`):
/// ```
/// "RCPK" | version u32 = 2 | entry count u32
/// entry*: compressed length u32 | raw length u32 | zlib bytes
///   version 2: the raw bytes are a block of records: (object id 32 | length u32 | bytes)*
///   version 1: the raw bytes are one object
/// trailer: SHA-256 of every byte before it  (= the pack id)
/// ```
/// Index (`packs/<packID>.idx`), the same version as its pack:
/// ```
/// "RCIX" | version u32 | entry count u32 | pack id (32 bytes)
/// entry*, sorted by object id: object id (32) | offset of the entry in the pack u64 | entry length u32
/// trailer: SHA-256 of every byte before it
/// ```
/// Every object of a block has an index entry naming that block. Blocks of a few kB compress a
/// million small records ~4× faster and ~2.5× smaller than one zlib stream per record (a small
/// stream is mostly literals); reading one object inflates its block. A pack is self-describing
/// (verify can walk it without the index and re-hash every object); the index is what reads use,
/// loaded in one read and binary-searched in place.
enum PackFormat {
    static let packMagic: [UInt8] = Array("RCPK".utf8)
    static let indexMagic: [UInt8] = Array("RCIX".utf8)
    /// The version written; version 1 (one object per entry) is still read.
    static let version: UInt32 = 2
    static let readable: ClosedRange<UInt32> = 1...2
    static let packHeaderSize = 12
    static let entryHeaderSize = 8
    static let blockRecordHeaderSize = 32 + 4
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
    private var blockCount: UInt32 = 0

    init(reserving capacity: Int = 0) {
        buffer = PackFormat.packMagic
        buffer.reserveCapacity(capacity + PackFormat.packHeaderSize)
        PackFormat.append(PackFormat.version, to: &buffer)
        PackFormat.append(UInt32(0), to: &buffer)
    }

    var isEmpty: Bool { entries.isEmpty }
    var byteCount: Int { buffer.count }

    /// A block of records, compressed by ``compress(_:blockBytes:jobs:)``.
    struct Block {
        let ids: [ObjectID]
        let rawSize: Int
        let compressed: [UInt8]
    }

    mutating func append(_ block: Block) {
        let offset = buffer.count
        PackFormat.append(UInt32(block.compressed.count), to: &buffer)
        PackFormat.append(UInt32(block.rawSize), to: &buffer)
        buffer.append(contentsOf: block.compressed)
        let length = UInt32(buffer.count - offset)
        for id in block.ids { entries.append((id, UInt64(offset), length)) }
        blockCount += 1
    }

    /// The objects in blocks of about `blockBytes` raw bytes (consecutive objects; an object larger
    /// than that is a block of its own), compressed on up to `jobs` threads; every object is
    /// re-hashed against its id on the way. The blocks do not depend on `jobs`.
    static func compress(_ objects: ArraySlice<StoreObject>, blockBytes: Int, jobs: Int) -> [Block] {
        var bounds: [Range<Int>] = []
        var start = objects.startIndex
        var size = 0
        for i in objects.indices {
            size += PackFormat.blockRecordHeaderSize + objects[i].bytes.count
            if size >= blockBytes {
                bounds.append(start..<(i + 1))
                start = i + 1
                size = 0
            }
        }
        if start < objects.endIndex { bounds.append(start..<objects.endIndex) }
        let blocks = bounds
        let chunks = max(1, min(jobs, blocks.count / 16))
        let per = (blocks.count + chunks - 1) / chunks
        let parts = OrderedPipeline.map(Array(0..<chunks), jobs: chunks) { chunk -> [Block] in
            let deflater = StoreDeflater(level: StoreDeflater.packLevel)
            var raw: [UInt8] = []
            return blocks[(chunk * per)..<min((chunk + 1) * per, blocks.count)].map { range in
                raw.removeAll(keepingCapacity: true)
                for object in objects[range] {
                    precondition(ObjectID(digestOf: object.bytes) == object.id, "record id \(object.id) is not the SHA-256 of its bytes")
                    object.id.append(to: &raw)
                    PackFormat.append(UInt32(object.bytes.count), to: &raw)
                    raw.append(contentsOf: object.bytes)
                }
                return Block(ids: objects[range].map(\.id), rawSize: raw.count, compressed: deflater.compress(raw))
            }
        }
        return parts.flatMap { $0 }
    }

    /// The objects of a version-2 block, in order; nil when the raw bytes are not a sequence of
    /// (id | length | bytes).
    static func records(inBlock raw: UnsafeRawBufferPointer) -> [(id: ObjectID, bytes: Range<Int>)]? {
        var out: [(id: ObjectID, bytes: Range<Int>)] = []
        var at = 0
        while at < raw.count {
            guard raw.count - at >= PackFormat.blockRecordHeaderSize else { return nil }
            let id = ObjectID(raw: UnsafeRawBufferPointer(rebasing: raw[at..<(at + 32)]))
            let length = Int(PackFormat.uint32(raw, at: at + 32))
            let start = at + PackFormat.blockRecordHeaderSize
            guard raw.count - start >= length else { return nil }
            out.append((id, start..<(start + length)))
            at = start + length
        }
        return out
    }

    mutating func finish() -> (packID: ObjectID, pack: [UInt8], index: [UInt8]) {
        PackFormat.set(blockCount, at: 8, in: &buffer)
        let packID = ObjectID(digestOf: buffer)
        buffer.append(contentsOf: packID.bytes)
        let index = PackIndex.encode(packID: packID, entries: entries)
        let pack = buffer
        buffer = []
        entries = []
        blockCount = 0
        return (packID, pack, index)
    }
}
