import Testing

@testable import ReconcileKit

/// The log of rejected records (docs/store-format.md, `rejections` table).
@Suite struct RejectedLogTests {
    static let key = RecordKey(kind: .event, tenantID: TenantID("tnt_a"), id: "evt_1")

    static func entry(_ n: Int, key: RecordKey? = key, raw: String? = nil) -> RejectedLog.Entry {
        RejectedLog.Entry(
            runID: "run\(n)", path: "in/\(n).ndjson", fileSHA256: ObjectID(hex: String(repeating: "a", count: 64))!,
            location: Location(line: n, byteOffset: n * 100), reason: "bad \(n)",
            objectID: raw.map { ObjectID(digestOf: Array($0.utf8)) }, key: key)
    }

    @Test func aReplacementLinksEveryOpenRejectionOfItsKeyOnce() {
        var log = RejectedLog()
        let firstStored = log.add(Self.entry(1, raw: "x"))
        let secondStored = log.add(Self.entry(2, raw: "x"))
        #expect(firstStored)
        #expect(!secondStored, "the same raw bytes are stored once")
        log.add(Self.entry(3, key: nil, raw: "y"))
        let by = RejectedLog.Replacement(
            objectID: ObjectID(digestOf: [1]), runID: "run4", path: "in/4.ndjson",
            location: Location(line: 1, byteOffset: 0))

        let replaced = log.replace(Self.key, by: by)
        let again = log.replace(Self.key, by: by)
        #expect(replaced.map(\.runID) == ["run1", "run2"])
        #expect(again.isEmpty, "a replaced rejection is not replaced again")
        #expect(log.entries.map(\.replacedBy) == [by, by, nil])
        #expect(log.objectIDs == [ObjectID(digestOf: Array("x".utf8)), ObjectID(digestOf: Array("y".utf8))])
    }
}
