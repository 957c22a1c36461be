// libFuzzer target: the strict JSON parser and canonical encoder.
// Built by scripts/fuzz.sh only, never by `swift build`.
@testable import ReconcileKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let parser = JSONParser(maxDepth: 64)
    do {
        let value = try parser.parse(bytes)
        // Invariant: canonical bytes parse back to a value with the same canonical bytes.
        let canonical = CanonicalJSON.encode(value)
        let again = try parser.parse(canonical)
        precondition(CanonicalJSON.encode(again) == canonical, "canonical JSON is not a fixed point")
    } catch {
        precondition(error.offset >= 0 && error.offset <= bytes.count, "failure offset outside the input")
    }
    _ = try? bytes.withUnsafeBufferPointer { try parser.parseDocument($0) }
    return 0
}
