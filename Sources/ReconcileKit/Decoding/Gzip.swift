import CZlib

/// Streaming gzip decompression through zlib: every member of a multi-member file, with truncation
/// and decompression-bomb detection. Output grows in one buffer; input is never copied.
enum Gzip {
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    static func decompress(_ input: [UInt8], limits: Limits = .standard) throws(DecodeFailure) -> [UInt8] {
        let bombLimit = max(
            limits.maxDecompressedBytes,
            input.count.multipliedReportingOverflow(by: limits.maxExpansionRatio).partialValue)
        var output = [UInt8]()
        output.reserveCapacity(min(input.count * 4, 1 << 26))
        var stream = z_stream()
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DecodeFailure("cannot initialise zlib")
        }
        defer { inflateEnd(&stream) }
        let chunk = 1 << 16
        var scratch = [UInt8](repeating: 0, count: chunk)
        let failure: DecodeFailure? = input.withUnsafeBufferPointer { inBuf -> DecodeFailure? in
            var consumed = 0
            var inMember = true
            stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
            stream.avail_in = UInt32(inBuf.count)
            while true {
                let status: Int32 = scratch.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(chunk)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk - Int(stream.avail_out)
                output.append(contentsOf: scratch[0..<produced])
                consumed = inBuf.count - Int(stream.avail_in)
                if output.count > bombLimit {
                    return DecodeFailure(
                        "decompressed size exceeds \(bombLimit) bytes (more than \(limits.maxExpansionRatio)x the compressed size): decompression bomb",
                        at: Location(line: nil, byteOffset: consumed))
                }
                switch status {
                case Z_STREAM_END:
                    inMember = false
                    let rest = inBuf.count - consumed
                    if rest == 0 { return nil }
                    if rest >= 2, inBuf[consumed] == 0x1f, inBuf[consumed + 1] == 0x8b {
                        inflateReset(&stream)
                        inMember = true
                        continue
                    }
                    if inBuf[consumed...].allSatisfy({ $0 == 0 }) { return nil }
                    return DecodeFailure(
                        "unexpected data after the end of a gzip member", at: Location(line: nil, byteOffset: consumed))
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    if stream.avail_in == 0 && inMember {
                        return DecodeFailure(
                            "truncated gzip stream: input ends inside a member",
                            at: Location(line: nil, byteOffset: consumed))
                    }
                    continue
                default:
                    let detail = stream.msg.map { String(cString: $0) } ?? "code \(status)"
                    return DecodeFailure(
                        "corrupt gzip stream (\(detail))", at: Location(line: nil, byteOffset: consumed))
                }
            }
        }
        if let failure { throw failure }
        return output
    }
}
