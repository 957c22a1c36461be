// libFuzzer target: format detection and decoding of whole inbox files (gzip, one event, arrays,
// list pages, NDJSON, platform exports), as the run does before the index.
// Built by scripts/fuzz.sh only, never by `swift build`.
@testable import ReconcileKit

let limits = Limits(maxDecompressedBytes: 1 << 20, maxExpansionRatio: 64, maxDepth: 64, maxRecordBytes: 1 << 20)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        let content = try ContentDecoder(limits: limits).decode(bytes)
        for record in content.records {
            // Invariant: every record's objectID is the SHA-256 of its canonical bytes.
            precondition(record.objectID == ObjectID(digestOf: record.canonical))
        }
    } catch {
        _ = error.description
    }
    return 0
}
