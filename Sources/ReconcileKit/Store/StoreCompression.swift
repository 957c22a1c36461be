import CZlib

/// zlib (RFC 1950) compression of objects at rest (the `objects` table). One stream is kept and
/// reset between objects, so storing a million small records does not pay zlib's set-up cost a
/// million times.
final class StoreDeflater {
    /// zlib level of stored objects: a million records compress about 3x faster than at the
    /// default level for a few percent more bytes; readers do not care which level wrote an object.
    static let objectLevel: Int32 = 1
    private var stream = z_stream()

    /// A 4 KiB window and a small hash table: objects are records of a few hundred bytes, and
    /// every object resets the stream, which clears the hash table (at zlib's default 64 KiB per
    /// object, the clearing cost more than the compressing: 8 % of a cold run's time). Any inflate
    /// reads the result.
    init(level: Int32 = Z_DEFAULT_COMPRESSION) {
        let status = deflateInit2_(
            &stream, level, Z_DEFLATED, 12, 4, Z_DEFAULT_STRATEGY,
            zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "deflateInit2 failed with \(status)")
    }

    deinit {
        deflateEnd(&stream)
        scratch.deallocate()
    }

    /// Reused output buffer, grown to the largest deflateBound seen.
    private var scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 0, alignment: 1)

    /// Compresses `input` and hands the result to `body`; the view is valid only during the call.
    func withCompressed<R>(_ input: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        if scratch.count < bound {
            scratch.deallocate()
            scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bound, 64 << 10), alignment: 1)
        }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        stream.next_out = scratch.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(scratch.count)
        let status = deflate(&stream, Z_FINISH)
        precondition(status == Z_STREAM_END, "deflate with a deflateBound buffer must finish, got \(status)")
        let produced = scratch.count - Int(stream.avail_out)
        stream.next_in = nil
        stream.next_out = nil
        deflateReset(&stream)
        return body(UnsafeRawBufferPointer(rebasing: scratch[0..<produced]))
    }

    /// Appends the compressed form of `input` to `out`.
    func compress(_ input: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) {
        withCompressed(input) { out.append(contentsOf: $0) }
    }

    func compress(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        bytes.withUnsafeBytes { compress($0, appendingTo: &out) }
        return out
    }
}

/// The matching decompressor. A failure is reported as a reason string; the caller names the
/// object and the path.
final class StoreInflater {
    private var stream = z_stream()

    init() {
        let status = inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "inflateInit failed with \(status)")
    }

    deinit { inflateEnd(&stream) }

    /// Decompresses one complete zlib stream. With `expectedSize` the output must have exactly that
    /// many bytes; without, the buffer grows as needed. Trailing bytes after the stream are an error.
    func decompress(_ input: UnsafeRawBufferPointer, expectedSize: Int? = nil) -> Result<[UInt8], InflateFailure> {
        defer { inflateReset(&stream) }
        var out = [UInt8](repeating: 0, count: expectedSize ?? max(64, input.count * 4))
        var produced = 0
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        defer {
            stream.next_in = nil
            stream.next_out = nil
        }
        while true {
            if produced == out.count {
                if expectedSize != nil {
                    // One byte of room to learn whether the stream is longer than announced.
                    out.append(0)
                } else {
                    out.append(contentsOf: repeatElement(0, count: out.count))
                }
            }
            let status: Int32 = out.withUnsafeMutableBytes { buffer in
                stream.next_out = (buffer.baseAddress! + produced).assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(buffer.count - produced)
                let before = buffer.count - produced
                let status = inflate(&stream, Z_NO_FLUSH)
                produced += before - Int(stream.avail_out)
                return status
            }
            switch status {
            case Z_STREAM_END:
                if stream.avail_in != 0 {
                    return .failure(InflateFailure(reason: "data after the end of the compressed stream"))
                }
                if let expectedSize, produced != expectedSize {
                    return .failure(
                        InflateFailure(reason: "decompressed to \(produced) bytes, expected \(expectedSize)"))
                }
                out.removeLast(out.count - produced)
                return .success(out)
            case Z_OK:
                if let expectedSize, produced > expectedSize {
                    return .failure(
                        InflateFailure(reason: "decompresses to more than the expected \(expectedSize) bytes"))
                }
                if stream.avail_in == 0 && produced < out.count {
                    return .failure(InflateFailure(reason: "compressed stream is truncated"))
                }
            case Z_BUF_ERROR:
                if stream.avail_in == 0 { return .failure(InflateFailure(reason: "compressed stream is truncated")) }
            default:
                return .failure(InflateFailure(reason: "invalid compressed data (zlib error \(status))"))
            }
        }
    }

    func decompress(_ bytes: [UInt8], expectedSize: Int? = nil) -> Result<[UInt8], InflateFailure> {
        bytes.withUnsafeBytes { decompress($0, expectedSize: expectedSize) }
    }
}

struct InflateFailure: Error {
    let reason: String
}
