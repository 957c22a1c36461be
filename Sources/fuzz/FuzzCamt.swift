// libFuzzer target: ISO 20022 camt.052/053/054 through libxml2's streaming reader and the prolog
// guard (DTDs, entities, encodings, namespaces). Built by scripts/fuzz.sh only.
@testable import ReconcileKit

let reader = CamtReader(limits: .init(maxDepth: 64, maxEntryBytes: 1 << 20))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        let report = try reader.read(bytes: bytes, ibanToTenant: { $0.hasPrefix("DE") ? TenantID("tnt_bella") : nil })
        for record in report.records {
            precondition(record.objectID == ObjectID(digestOf: record.canonical))
        }
    } catch {
        _ = error.description
    }
    return 0
}
