import Testing
@testable import ReconcileKit

/// The index snapshot lists its keys in ``RecordKey`` order, however they are sorted.
@Suite struct IndexKeyOrderTests {
    static func index(_ keys: [RecordKey]) -> RecordIndex {
        let entry = IndexEntry(first: ObjectID(hex: String(repeating: "0", count: 64))!, versions: [], conflicts: [], sightings: [])
        return RecordIndex(entries: Dictionary(keys.map { ($0, entry) }, uniquingKeysWith: { a, _ in a }), files: [:])
    }

    @Test func asciiKeysComeInRecordKeyOrder() {
        var rng = SplitMix64(seed: 0x1_DE_C5)
        let tenants = ["_global", "tnt_00000", "tnt_00001", "tnt_00010", "tnt_0001", "tnt_1"]
        let keys = (0..<4_000).map { _ in
            let kind = RecordKind.allCases[Int(rng.next() % 4)]
            let prefix = ["evt_", "cs_live_0000", "", "ACR-"][Int(rng.next() % 4)]
            return RecordKey(kind: kind, tenantID: TenantID(tenants[Int(rng.next() % UInt64(tenants.count))]),
                             id: prefix + String(rng.next() % 50_000, radix: 16))
        }
        let stored = Array(Self.index(keys).entries.keys)
        #expect(RecordIndexCodec.sortedOrder(stored).map { stored[$0] } == stored.sorted())
    }

    @Test func nonASCIIKeysStillComeInRecordKeyOrder() {
        // Swift's < on these compares canonical forms, not bytes: the codec keeps that order.
        let keys = ["\u{E9}x", "e\u{301}y", "f", "e", "\u{1F600}", "evt_1"].flatMap { id in
            ["tnt_a", "tnt_\u{FC}", "tnt_b"].map { RecordKey(kind: .event, tenantID: TenantID($0), id: id) }
        }
        let stored = Array(Self.index(keys).entries.keys)
        #expect(RecordIndexCodec.sortedOrder(stored).map { stored[$0] } == stored.sorted())
    }
}
