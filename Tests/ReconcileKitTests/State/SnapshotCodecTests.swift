import Foundation
import Testing
@testable import ReconcileKit

/// The binary snapshots of the index and the ledger: they round-trip to equal values, give the same
/// bytes for the same content, and refuse damaged or foreign data instead of loading a wrong state.
@Suite struct SnapshotCodecTests {
    static func record(_ kind: RecordKind, tenant: String, id: String, body: String, time: Int64 = 100) -> Record {
        Record(key: RecordKey(kind: kind, tenantID: TenantID(tenant), id: id), canonical: Array(body.utf8),
               location: Location(line: 3, byteOffset: 40), time: time)
    }

    /// New, duplicate and conflicting events, snapshot versions, list-export sightings, two files.
    static func busyIndex() -> RecordIndex {
        var index = RecordIndex()
        let inputs: [(Record, String, SourceFormat)] = [
            (record(.event, tenant: "tnt_a", id: "evt_1", body: #"{"a":1}"#), "webhooks/a.json", .webhook),
            (record(.event, tenant: "tnt_a", id: "evt_1", body: #"{"a":1}"#), "provider/list.json", .listExport),
            (record(.event, tenant: "tnt_a", id: "evt_1", body: #"{"a":2}"#), "provider/list.json", .listExport),
            (record(.event, tenant: "_global", id: "evt_2", body: #"{"é":"ü"}"#), "provider/list.json", .listExport),
            (record(.tenant, tenant: "tnt_a", id: "tnt_a", body: #"{"v":1}"#, time: 50), "platform/t1.json", .platformExport),
            (record(.tenant, tenant: "tnt_a", id: "tnt_a", body: #"{"v":2}"#, time: 40), "platform/t2.json", .platformExport),
            (record(.bankEntry, tenant: "tnt_a", id: "REF1", body: #"{"b":1}"#), "bank/c.xml", .bankReport),
        ]
        for (record, path, source) in inputs {
            _ = index.admit(record) { outcome, _ in
                Sighting(runID: "run-1", path: path, fileSHA256: String(repeating: "ab", count: 32), line: path.hasSuffix("xml") ? nil : 3,
                         byteOffset: 40, objectID: record.objectID, outcome: outcome, source: source)
            }
        }
        index.markIngested(IngestedFile(sha256: String(repeating: "cd", count: 32), path: "webhooks/a.json", runID: "run-1"))
        index.markIngested(IngestedFile(sha256: String(repeating: "01", count: 32), path: "provider/list.json", runID: "run-2"))
        return index
    }

    @Test func indexSnapshotRoundTripsToAnEqualIndex() throws {
        let index = Self.busyIndex()
        let bytes = RecordIndexCodec.encode(index)
        #expect(RecordIndexCodec.isBinary(bytes))
        let decoded = try RecordIndexCodec.decode(bytes)
        #expect(decoded == index)
        #expect(decoded.entry(RecordKey(kind: .event, tenantID: TenantID("tnt_a"), id: "evt_1"))?.conflicts.count == 1)
        #expect(decoded.hasIngested(sha256: String(repeating: "01", count: 32)))
        #expect(RecordIndexCodec.encode(decoded) == bytes)
    }

    @Test func indexSnapshotBytesDoNotDependOnInsertionOrder() {
        var a = RecordIndex(), b = RecordIndex()
        let records = (0..<50).map { Self.record(.event, tenant: "tnt_\($0 % 7)", id: "evt_\($0)", body: "{\"n\":\($0)}") }
        func add(_ r: Record, to index: inout RecordIndex) {
            _ = index.admit(r) { Sighting(runID: "r", path: "p", fileSHA256: "f", line: 1, byteOffset: 0, objectID: $1, outcome: $0, source: .webhook) }
        }
        for r in records { add(r, to: &a) }
        for r in records.reversed() { add(r, to: &b) }
        #expect(RecordIndexCodec.encode(a) == RecordIndexCodec.encode(b))
    }

    @Test func truncatedOrForeignIndexSnapshotIsRefused() {
        let bytes = RecordIndexCodec.encode(Self.busyIndex())
        for cut in [5, bytes.count / 2, bytes.count - 1] {
            #expect(throws: RecordIndexCodec.Failure.self) { try RecordIndexCodec.decode(Array(bytes[..<cut])) }
        }
        #expect(throws: RecordIndexCodec.Failure.self) { try RecordIndexCodec.decode(bytes + [0]) }
        var future = bytes
        future[4] = 9
        #expect(throws: RecordIndexCodec.Failure.self) { try RecordIndexCodec.decode(future) }
        #expect(!RecordIndexCodec.isBinary(Array(#"{"formatVersion":1}"#.utf8)))
    }

    @Test func ledgerSnapshotRoundTripsToAnEqualLedger() throws {
        let ledger = LedgerSnapshotTests.busyLedger()
        let bytes = LedgerCodec.encode(ledger)
        #expect(LedgerCodec.isBinary(bytes))
        let decoded = try LedgerCodec.decode(bytes)
        #expect(decoded == ledger)
        #expect(decoded.booking(paymentIntent: "pi_a")?.id == "cs_evt_a")
        #expect(LedgerCodec.encode(decoded) == bytes)
    }

    @Test func ledgerSnapshotBytesDoNotDependOnApplicationOrderOfIndependentEvents() {
        let a = LedgerSnapshotTests.busyLedger()
        let b = LedgerSnapshotTests.busyLedger(order: [1, 0, 2, 3, 4, 5, 6, 7])
        #expect(a.bookings == b.bookings)
        #expect(LedgerCodec.encode(a).count == LedgerCodec.encode(b).count)
    }

    @Test func truncatedLedgerSnapshotIsRefused() {
        let bytes = LedgerCodec.encode(LedgerSnapshotTests.busyLedger())
        for cut in [5, bytes.count / 3, bytes.count - 1] {
            #expect(throws: LedgerCodec.Failure.self) { try LedgerCodec.decode(Array(bytes[..<cut])) }
        }
        #expect(throws: LedgerCodec.Failure.self) { try LedgerCodec.decode(bytes + [1]) }
    }

    /// Written by the build before sections (`LedgerCodec` version 2) from ``LedgerSnapshotTests/busyLedger(order:)``.
    @Test func aLedgerSnapshotOfVersionTwoIsStillRead() throws {
        let old = try fixtureBytes("state/ledger-v2.bin")
        #expect(old[4] == 2)
        let decoded = try LedgerCodec.decode(old)
        #expect(decoded == LedgerSnapshotTests.busyLedger())
        #expect(decoded.booking(paymentIntent: "pi_a")?.id == "cs_evt_a")
        #expect(LedgerCodec.encode(decoded)[4] == 4, "a new snapshot is written in the current version")
        #expect(decoded.lines.filter { $0.kind == .refund }.allSatisfy { $0.eventTenantID == .global },
                 "the refunds of the fixture named no tenant: their events were recorded as _global")
    }

    @Test func ledgerSectionLengthsBeyondTheDataAreRefused() throws {
        var bytes = LedgerCodec.encode(LedgerSnapshotTests.busyLedger())
        // The three lengths (8 bytes each) follow the magic and the version; the bookings' is first.
        for i in 5..<13 { bytes[i] = 0xFF }
        do {
            _ = try LedgerCodec.decode(bytes)
            Issue.record("a ledger with a section longer than the data was read")
        } catch {
            #expect(error.reason == "section lengths exceed the data")
            #expect(error.offset == 5)
        }
    }

    @Test func aLedgerWhoseSectionLengthsAreOffByOneIsRefused() {
        let bytes = LedgerCodec.encode(LedgerSnapshotTests.busyLedger())
        for (at, change) in [(5, 1), (5, -1), (13, 1), (21, -1)] as [(Int, Int)] {
            var damaged = bytes
            damaged[at] = UInt8(Int(damaged[at]) + change)
            #expect(throws: LedgerCodec.Failure.self, "length at \(at) changed by \(change)") { try LedgerCodec.decode(damaged) }
        }
    }

    @Test func aDamagedBookingIsReportedAtItsOwnOffset() throws {
        var bytes = LedgerCodec.encode(LedgerSnapshotTests.busyLedger())
        // The first booking's id, "cs_evt_a", is the first string of the bookings section, which
        // starts after the magic, the version and the three lengths.
        let id = Array("cs_evt_a".utf8)
        let at = try #require((29..<bytes.count).first { Array(bytes[$0..<min($0 + id.count, bytes.count)]) == id })
        bytes[at] = 0xFF
        do {
            _ = try LedgerCodec.decode(bytes)
            Issue.record("a ledger with a damaged booking id was read")
        } catch {
            #expect(error.reason == "invalid UTF-8")
            #expect(error.offset == at - 1, "the offset of the id's length, in the whole snapshot")
        }
    }

    @Test func storedStateReadsTheJSONSnapshotsOfFormatOne() throws {
        let store = MemoryStore()
        let index = Self.busyIndex()
        let ledger = LedgerSnapshotTests.busyLedger()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let root = try store.commit(StoreTransaction(parent: nil, runID: "run-1", time: 0,
                                                     blobs: [StoredState.indexBlob: Array(try encoder.encode(index)),
                                                             StoredState.ledgerBlob: Array(try encoder.encode(ledger))]),
                                    crashHook: .none)
        let state = try StoredState.load(from: store)
        #expect(state.head == root)
        #expect(state.index == index)
        #expect(state.ledger == ledger)
    }

    /// An index snapshot with its object id written the old way (tag 1 and the hex string) reads
    /// back as the same id; a tag-1 string that is not an object id is refused at its offset.
    @Test func anObjectIDWrittenAsHexTextIsReadAndAnyOtherTextIsRefused() throws {
        let id = ObjectID(digestOf: Array("record".utf8))
        func snapshot(first: String) -> [UInt8] {
            var w = BinaryWriter()
            w.bytes.append(contentsOf: RecordIndexCodec.magic)
            w.varint(RecordIndexCodec.version)
            w.int(1)
            w.string("tnt_a")  // string table: the tenant
            w.int(1)  // one entry
            w.byte(0)  // kind: the first case
            w.int(0)  // tenant: string #0
            w.string("evt_1")
            w.byte(1)
            w.string(first)
            w.int(0)  // versions
            w.int(0)  // conflicts
            w.int(0)  // sightings
            w.int(0)  // files
            return w.bytes
        }

        let decoded = try RecordIndexCodec.decode(snapshot(first: id.hex))
        #expect(decoded.entry(RecordKey(kind: RecordKind.allCases[0], tenantID: TenantID("tnt_a"), id: "evt_1"))?.first == id)

        #expect(throws: RecordIndexCodec.Failure.self) { try RecordIndexCodec.decode(snapshot(first: "not-an-object-id")) }
    }
}

