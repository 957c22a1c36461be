import CLibPQ

/// PostgreSQL's binary format for the types the schema uses: `BIGINT` (and the smaller integers and
/// `boolean` a query may yield), the text types, and `BYTEA`. Integers are big-endian; text and
/// bytea are their bytes.
enum PostgreSQLBinary {
    static let bool: Oid = 16, bytea: Oid = 17, int8: Oid = 20, int2: Oid = 21, int4: Oid = 23
    static let integerTypes: Set<Oid> = [int8, int4, int2]
    /// `char`, `name`, `text`, `unknown`, `bpchar`, `varchar`: their binary form is their UTF-8 bytes.
    static let textTypes: Set<Oid> = [18, 19, 25, 705, 1042, 1043]

    static func decode(_ bytes: UnsafeRawBufferPointer, type: Oid) -> DatabaseValue? {
        switch type {
        case int8 where bytes.count == 8: .integer(Int64(bigEndian: bytes.loadUnaligned(as: Int64.self)))
        case int4 where bytes.count == 4: .integer(Int64(Int32(bigEndian: bytes.loadUnaligned(as: Int32.self))))
        case int2 where bytes.count == 2: .integer(Int64(Int16(bigEndian: bytes.loadUnaligned(as: Int16.self))))
        case bool where bytes.count == 1: .integer(bytes[0] == 0 ? 0 : 1)
        case bytea: .blob(Array(bytes))
        case _ where textTypes.contains(type): .text(String(decoding: bytes, as: UTF8.self))
        default: nil
        }
    }

    static func appendBigEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}

/// The parameters of one execution, laid out for `PQexecPrepared`: every value's bytes in one
/// buffer, with lengths and formats (1 binary, 0 text).
struct PostgreSQLParameters {
    private var bytes: [UInt8] = []
    private var offsets: [Int?] = []
    private var lengths: [Int32] = []
    private var formats: [Int32] = []

    /// Adds `value` for a parameter of type `type`; false when that type cannot take it. A value the
    /// binary format cannot carry for that type (an integer for a `numeric`, text for a `date`) goes
    /// as text, which the server parses.
    mutating func append(_ value: DatabaseValue, as type: Oid) -> Bool {
        let start = bytes.count
        var format: Int32 = 1
        switch value {
        case .null:
            offsets.append(nil)
            lengths.append(0)
            formats.append(1)
            return true
        case .integer(let v):
            switch type {
            case PostgreSQLBinary.int8: PostgreSQLBinary.appendBigEndian(v, to: &bytes)
            case PostgreSQLBinary.int4:
                guard let small = Int32(exactly: v) else { return false }
                PostgreSQLBinary.appendBigEndian(small, to: &bytes)
            case PostgreSQLBinary.int2:
                guard let small = Int16(exactly: v) else { return false }
                PostgreSQLBinary.appendBigEndian(small, to: &bytes)
            case PostgreSQLBinary.bytea: return false
            default:
                bytes.append(contentsOf: String(v).utf8)
                format = 0
            }
        case .text(let s):
            if PostgreSQLBinary.integerTypes.contains(type) || type == PostgreSQLBinary.bytea { return false }
            if !PostgreSQLBinary.textTypes.contains(type) {
                // Text format is a C string: it must hold no NUL.
                if s.utf8.contains(0) { return false }
                format = 0
            }
            bytes.append(contentsOf: s.utf8)
        case .blob(let b):
            guard type == PostgreSQLBinary.bytea else { return false }
            bytes.append(contentsOf: b)
        }
        let length = bytes.count - start
        bytes.append(0)  // ends a text-format value; unread after a binary one
        offsets.append(start)
        lengths.append(Int32(length))
        formats.append(format)
        return true
    }

    /// Calls `body` with the value pointers (nil for NULL), lengths and formats.
    func withPointers<R>(_ body: ([UnsafePointer<CChar>?], [Int32], [Int32]) -> R) -> R {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                let pointers = offsets.map { offset in offset.map { UnsafePointer(chars.baseAddress! + $0) } }
                return body(pointers, lengths, formats)
            }
        }
    }
}

/// The bytes of a `COPY … FROM STDIN (FORMAT binary)`: the header, then each row as a field count
/// and each field as a length (-1 for NULL) and its binary value, then the trailer. Integers are
/// sent as `BIGINT`.
struct PostgreSQLCopyBuffer {
    var bytes: [UInt8]
    /// Sent to the server in pieces of about this size.
    static let pieceSize = 1 << 18

    init() {
        bytes = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]
        PostgreSQLBinary.appendBigEndian(Int32(0), to: &bytes)  // flags
        PostgreSQLBinary.appendBigEndian(Int32(0), to: &bytes)  // header extension length
        bytes.reserveCapacity(Self.pieceSize + 4096)
    }

    var isFull: Bool { bytes.count >= Self.pieceSize }

    mutating func append(_ row: [DatabaseValue]) {
        PostgreSQLBinary.appendBigEndian(Int16(row.count), to: &bytes)
        for value in row {
            switch value {
            case .null:
                PostgreSQLBinary.appendBigEndian(Int32(-1), to: &bytes)
            case .integer(let v):
                PostgreSQLBinary.appendBigEndian(Int32(8), to: &bytes)
                PostgreSQLBinary.appendBigEndian(v, to: &bytes)
            case .text(let s):
                PostgreSQLBinary.appendBigEndian(Int32(s.utf8.count), to: &bytes)
                bytes.append(contentsOf: s.utf8)
            case .blob(let b):
                PostgreSQLBinary.appendBigEndian(Int32(b.count), to: &bytes)
                bytes.append(contentsOf: b)
            }
        }
    }

    /// The trailer: a field count of -1.
    mutating func finish() {
        PostgreSQLBinary.appendBigEndian(Int16(-1), to: &bytes)
    }
}
