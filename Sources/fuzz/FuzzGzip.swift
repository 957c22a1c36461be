// libFuzzer target: gzip framing (single and multi-member, truncation, trailing bytes, bombs).
// Built by scripts/fuzz.sh only, never by `swift build`.
@testable import ReconcileKit

/// Small limits so a bomb trips in milliseconds: 1 MiB and 64x.
let limits = Limits(maxDecompressedBytes: 1 << 20, maxExpansionRatio: 64, maxDepth: 64, maxRecordBytes: 1 << 20)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        let out = try Gzip.decompress(bytes, limits: limits)
        // Invariant: a successful decompression never exceeds the bomb limit.
        precondition(out.count <= max(limits.maxDecompressedBytes, bytes.count * limits.maxExpansionRatio))
    } catch {
        // Invariant: a failure names a place inside the input.
        if let at = error.location?.byteOffset { precondition(at >= 0 && at <= bytes.count) }
    }
    return 0
}
