import Testing
@testable import ReconcileKit

@Suite struct StoreRootTests {
    let sample = StoreRoot(
        parent: ObjectID(digestOf: [1]), runID: "2026-01-01T020000Z-4242", time: 1_767_232_800,
        inputs: [RunInput(path: "inbox/b.json", sha256: ObjectID(digestOf: [2]), size: 10),
                 RunInput(path: "inbox/a.json", sha256: ObjectID(digestOf: [3]), size: 20)],
        packs: [ObjectID(digestOf: [4])],
        blobs: ["ledger": ObjectID(digestOf: [5]), "index": ObjectID(digestOf: [6])],
        counts: ["new": 3, "conflict": 1])

    @Test func aRootRoundTripsThroughItsCanonicalBytes() throws {
        #expect(try StoreRoot(parsing: sample.canonicalBytes) == sample)
        let first = StoreRoot(parent: nil, runID: "r", time: 0)
        #expect(try StoreRoot(parsing: first.canonicalBytes) == first)
    }

    @Test func canonicalBytesDoNotDependOnDictionaryOrder() throws {
        var other = sample
        other.blobs = [:]
        other.blobs["index"] = ObjectID(digestOf: [6])
        other.blobs["ledger"] = ObjectID(digestOf: [5])
        #expect(other.canonicalBytes == sample.canonicalBytes)
        let text = String(decoding: sample.canonicalBytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"blobs":{"index":""#))
        #expect(text.contains(#""inputs":[{"path":"inbox/b.json","#))   // input order is kept
        #expect(text.hasSuffix(#""time":1767232800,"type":"root"}"#))
    }

    @Test(arguments: [
        (#"{"type":"blob"}"#, "member 'type' is not \"root\""),
        (#"{"type":"root","parent":null,"runId":"r","time":"0"}"#, "member 'time' is missing or not an integer"),
        (#"{"type":"root","parent":"abc","runId":"r","time":0}"#, "member 'parent' is not an object id"),
        (#"{"type":"root","parent":null,"runId":"r","time":0,"inputs":[{"path":"a"}],"packs":[],"blobs":{},"counts":{}}"#,
         "member 'inputs[0]' needs path, sha256 and size"),
        (#"{"type":"root","parent":null,"runId":"r","time":0,"inputs":[],"packs":[],"blobs":{},"counts":{"new":1.5}}"#,
         "member 'counts.new' is not an integer"),
        ("[1]", "not a JSON object"),
    ])
    func anInvalidRootIsRefusedNamingTheMember(json: String, reason: String) {
        #expect(throws: RootFormatError(reason: reason)) { try StoreRoot(parsing: Array(json.utf8)) }
    }
}

@Suite struct StoreCompressionTests {
    @Test(arguments: [0, 1, 100, 70_000])
    func compressedBytesInflateToTheOriginal(size: Int) throws {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 * 7 / 3) }
        let compressed = StoreDeflater().compress(bytes)
        let inflater = StoreInflater()
        #expect(try inflater.decompress(compressed).get() == bytes)
        #expect(try inflater.decompress(compressed, expectedSize: size).get() == bytes)
    }

    @Test func truncatedOrPaddedStreamsAndWrongSizesAreRefused() throws {
        let bytes = Array(String(repeating: "booking ", count: 50).utf8)
        let compressed = StoreDeflater().compress(bytes)
        let inflater = StoreInflater()
        #expect(throws: InflateFailure.self) { try inflater.decompress(Array(compressed.dropLast(3))).get() }
        #expect(throws: InflateFailure.self) { try inflater.decompress(compressed + [0]).get() }
        #expect(throws: InflateFailure.self) { try inflater.decompress(compressed, expectedSize: bytes.count - 1).get() }
        #expect(throws: InflateFailure.self) { try inflater.decompress(compressed, expectedSize: bytes.count + 1).get() }
        #expect(throws: InflateFailure.self) { try inflater.decompress([0x78, 0x9c, 0xff, 0xff]).get() }
        // The inflater is still usable after failures.
        #expect(try inflater.decompress(compressed).get() == bytes)
    }
}
