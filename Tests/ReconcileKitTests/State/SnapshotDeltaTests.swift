import Foundation
import Testing
@testable import ReconcileKit

/// Issue 6: a night's commit writes a delta of the index and ledger (what the night changed) on
/// top of the parent's snapshot chain instead of rewriting them whole. Loading base + deltas must
/// give exactly the state a single whole snapshot would.
@Suite struct SnapshotDeltaTests {
    typealias F = LedgerFixtures

    /// Three "nights" of ledger changes: bookings, a refund of an earlier night's booking, a failure.
    static let nights: [[ProviderEvent]] = [
        [F.checkout(id: "evt_1", created: F.jan1, metadata: F.metadata(date: "2026-09-12")), F.checkout(id: "evt_2", created: F.jan1 + 1, metadata: F.metadata(date: "2026-09-13"))],
        [F.refund(id: "evt_r1", created: F.jan1 + 10, paymentIntent: "pi_evt_1", amount: 100_000, amountRefunded: .int(40_000)),
         F.checkout(id: "evt_3", created: F.jan1 + 11, metadata: F.metadata(date: "2026-09-12"))],
        [F.refund(id: "evt_r2", created: F.jan1 + 20, paymentIntent: "pi_evt_1", amount: 100_000, amountRefunded: .int(100_000)),
         F.checkout(id: "evt_4", created: F.jan1 + 21, metadata: F.metadata(date: "2026-09-14"))],
    ]

    @Test func aLedgerRebuiltFromItsBaseAndDeltasEqualsTheLedgerItself() throws {
        let tenants = F.directory(F.tenant())
        var ledger = Ledger()
        var stored: [[UInt8]] = []
        for (n, night) in Self.nights.enumerated() {
            for event in night { _ = ledger.apply(event, tenants: tenants, runID: "run-\(n)") }
            stored.append(LedgerCodec.encode(n == 0 ? ledger : ledger.delta))
            ledger.markStored()
        }
        var rebuilt = try LedgerCodec.decode(stored[0])
        for delta in stored.dropFirst() { try rebuilt.merge(try LedgerCodec.decode(delta)) }
        #expect(rebuilt == ledger)
        #expect(rebuilt.lines.map(\.sequence) == Array(1...ledger.lines.count))
        #expect(rebuilt.booking(paymentIntent: "pi_evt_1")?.refunded == 100_000)
        #expect(rebuilt.eventState(id: "evt_3")?.status == .failed, "the date was already booked on night 1")
    }

    @Test func aDeltaHoldsOnlyWhatChangedSinceTheLedgerWasStored() {
        let tenants = F.directory(F.tenant())
        var ledger = Ledger()
        for event in Self.nights[0] { _ = ledger.apply(event, tenants: tenants, runID: "run-0") }
        ledger.markStored()
        for event in Self.nights[1] { _ = ledger.apply(event, tenants: tenants, runID: "run-1") }
        let delta = ledger.delta
        #expect(delta.bookings.map(\.id) == ["cs_evt_1"], "the refunded booking only")
        #expect(Set(delta.eventStates.map(\.eventID)) == ["evt_r1", "evt_3"])
        #expect(delta.lines.map(\.sequence) == [3])
    }

    /// A first run tracks nothing (a cold million-event run would keep sets of every key and id):
    /// a ledger or index that started empty has changed whole, and its delta is itself.
    @Test func aLedgerAndIndexThatStartedEmptyHaveChangedWhole() {
        let tenants = F.directory(F.tenant())
        var ledger = Ledger()
        for event in Self.nights[0] + Self.nights[1] { _ = ledger.apply(event, tenants: tenants, runID: "run-0") }
        #expect(ledger.delta == ledger)
        #expect(ledger.changeCount == ledger.bookingCount + ledger.eventStates.count + ledger.lines.count)
        #expect(ledger.changes.bookingIDs.isEmpty && ledger.changes.eventIDs.isEmpty, "nothing tracked")

        var index = RecordIndex()
        for n in 0..<3 {
            let record = Record(key: RecordKey(kind: .tenant, tenantID: TenantID("tnt_\(n)"), id: "tnt_\(n)"),
                                canonical: Array("{\"n\":\(n)}".utf8), location: Location(line: n + 1, byteOffset: 0), time: 0)
            _ = index.admit(record) { outcome, id in
                Sighting(runID: "run-0", path: "p", fileSHA256: "f", line: n, byteOffset: 0, objectID: id, outcome: outcome, source: .platformExport)
            }
        }
        #expect(index.delta == index)
        #expect(index.changeCount == 3)
        #expect(index.changedKeys(of: .tenant).count == 3)

        index.markStored()
        ledger.markStored()
        #expect(index.changeCount == 0 && index.delta == RecordIndex())
        #expect(ledger.changeCount == 0 && ledger.delta == Ledger())
    }

    @Test func aDeltaThatDoesNotContinueTheLedgerIsRefusedAndChangesNothing() throws {
        let tenants = F.directory(F.tenant())
        var ledger = Ledger()
        for event in Self.nights[0] { _ = ledger.apply(event, tenants: tenants, runID: "run-0") }
        ledger.markStored()
        for event in Self.nights[1] { _ = ledger.apply(event, tenants: tenants, runID: "run-1") }
        let delta = ledger.delta
        var empty = Ledger()
        #expect(throws: LedgerDeltaMismatch.self) { try empty.merge(delta) }
        #expect(empty == Ledger())
    }

    @Test func anIndexRebuiltFromItsBaseAndDeltasEqualsTheIndexItself() throws {
        func record(_ id: String, _ body: String) -> Record {
            Record(key: RecordKey(kind: .event, tenantID: TenantID("tnt_a"), id: id), canonical: Array(body.utf8),
                   location: Location(line: 1, byteOffset: 0), time: 0)
        }
        let nights = [[record("evt_1", "a"), record("evt_2", "b")], [record("evt_1", "a"), record("evt_3", "c")], [record("evt_2", "B")]]
        var index = RecordIndex()
        var stored: [[UInt8]] = []
        for (n, night) in nights.enumerated() {
            for r in night {
                _ = index.admit(r) { Sighting(runID: "run-\(n)", path: "f\(n)", fileSHA256: "sha\(n)", line: 1, byteOffset: 0, objectID: $1, outcome: $0, source: .webhook) }
            }
            index.markIngested(IngestedFile(sha256: "sha\(n)", path: "f\(n)", runID: "run-\(n)"))
            stored.append(RecordIndexCodec.encode(n == 0 ? index : index.delta))
            if n > 0 { #expect(try RecordIndexCodec.decode(stored[n]).entries.count == Set(night.map(\.key)).count, "night \(n)") }
            index.markStored()
        }
        var rebuilt = try RecordIndexCodec.decode(stored[0])
        for delta in stored.dropFirst() { rebuilt.merge(try RecordIndexCodec.decode(delta)) }
        #expect(rebuilt == index)
        #expect(rebuilt.entry(RecordKey(kind: .event, tenantID: TenantID("tnt_a"), id: "evt_2"))?.conflicts.count == 1)
    }

    /// The tenants, platform bookings and bank entries every run reads are kept apart from the
    /// events, through admission, the binary and JSON snapshots, and base + delta.
    @Test func theKeysThatAreNotEventsAreKnownWithoutAScanAndSurviveSnapshotsAndDeltas() throws {
        func record(_ kind: RecordKind, _ id: String) -> Record {
            Record(key: RecordKey(kind: kind, tenantID: TenantID("tnt_a"), id: id), canonical: Array("{\"id\":\"\(id)\"}".utf8),
                   location: Location(line: 1, byteOffset: 0), time: 0)
        }
        func admit(_ r: Record, into index: inout RecordIndex) {
            _ = index.admit(r) { Sighting(runID: "run", path: "f", fileSHA256: "sha", line: 1, byteOffset: 0, objectID: $1, outcome: $0, source: .platformExport) }
        }
        var index = RecordIndex()
        for r in [record(.event, "evt_1"), record(.tenant, "tnt_a"), record(.event, "evt_2"), record(.booking, "bk_1")] { admit(r, into: &index) }
        admit(record(.booking, "bk_1"), into: &index)  // a duplicate adds no key
        let night0: Set<RecordKey> = [record(.tenant, "tnt_a").key, record(.booking, "bk_1").key]
        #expect(index.nonEventKeys == night0)
        let base = RecordIndexCodec.encode(index)
        #expect(try RecordIndexCodec.decode(base).nonEventKeys == night0)
        #expect(try JSONDecoder().decode(RecordIndex.self, from: JSONEncoder().encode(index)).nonEventKeys == night0)

        index.markStored()
        admit(record(.bankEntry, "ntry_1"), into: &index)
        admit(record(.event, "evt_3"), into: &index)
        var rebuilt = try RecordIndexCodec.decode(base)
        rebuilt.merge(try RecordIndexCodec.decode(RecordIndexCodec.encode(index.delta)))
        #expect(rebuilt.nonEventKeys == night0.union([record(.bankEntry, "ntry_1").key]))
        #expect(rebuilt.changedKeys(of: .bankEntry) == [record(.bankEntry, "ntry_1").key])
        #expect(rebuilt == index)
    }

    @Test func eachNightAddsOneDeltaUntilTheChainIsLongThenWritesWholeSnapshots() throws {
        let h = try BatchWebhookRaceTests.Harness()
        try h.add("tenants.json", BatchWebhookRaceTests.tenants)
        // A night of many bookings first, so later small nights are a small part of the whole.
        for i in 0..<40 { try h.add("night-0/evt_\(i).json", BatchWebhookRaceTests.checkout("evt_\(i)", date: "2027-01-\(String(format: "%02d", i % 28 + 1))", created: 1_790_000_000 + Int64(i))) }
        try h.run()
        // A store opened after each run: an open store caches the chain it saw.
        func headRoot() throws -> StoreRoot {
            let store = try DiskStore.open(at: h.dir.path + "/state", create: false)
            return try store.readRoot(try #require(try store.head()))
        }
        let first = try headRoot()
        #expect(StoredState.deltaCount(first) == 0)
        var previous = first
        for night in 1...(StoredState.maxDeltas + 1) {
            try h.add("night-\(night)/evt_n\(night).json", BatchWebhookRaceTests.checkout("evt_n\(night)", date: "2028-02-\(String(format: "%02d", night))", created: 1_790_100_000 + Int64(night)))
            try h.run()
            let root = try headRoot()
            if night <= StoredState.maxDeltas {
                #expect(StoredState.deltaCount(root) == night)
                #expect(root.blobs["index"] == first.blobs["index"] && root.blobs["ledger"] == first.blobs["ledger"], "the bases are carried, not rewritten")
                for n in 1..<night { #expect(root.blobs["index.\(n)"] == previous.blobs["index.\(n)"]) }
            } else {
                #expect(StoredState.deltaCount(root) == 0, "a chain of \(StoredState.maxDeltas) deltas is folded into whole snapshots")
                #expect(root.blobs["index"] != first.blobs["index"])
            }
            previous = root
        }
        // The folded state equals the state built in one run from the same files.
        let once = try BatchWebhookRaceTests.Harness()
        try FileManager.default.copyItem(atPath: h.dir.path + "/inbox", toPath: once.dir.path + "/inbox")
        try once.run()
        let (nightly, single) = (try h.ledger(), try once.ledger())
        #expect(nightly.bookings == single.bookings)
        #expect(nightly.lines == single.lines)
        #expect(nightly.eventStates.map { [$0.eventID, $0.status.rawValue] } == single.eventStates.map { [$0.eventID, $0.status.rawValue] })
        let verified = try Inspector(state: h.dir.path + "/state", waitForLock: false).verify()
        #expect(verified.text == "store verified: no problems")
    }

    /// Format 1 → 4 before the first commit that writes a snapshot (here a delta: a night that only
    /// saw a redelivery, no new object), which may be sectioned and follow a base; the store is
    /// read as it was until then, and goes on taking new packs.
    @Test func aStoreOfFormatOneSaysFourBeforeItsFirstNewSnapshot() throws {
        let h = try BatchWebhookRaceTests.Harness()
        try h.add("tenants.json", BatchWebhookRaceTests.tenants)
        for i in 0..<8 { try h.add("night-0/evt_\(i).json", BatchWebhookRaceTests.checkout("evt_\(i)", date: "2027-01-0\(i + 1)", created: 1_790_000_000 + Int64(i))) }
        try h.run()
        // As a build of format 1 left it: whole snapshots only.
        let format = h.dir.path + "/state/FORMAT"
        try Array("reconcile-store 1\n".utf8).withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: format)) }
        #expect(try DiskStore.open(at: h.dir.path + "/state", create: false).format.version == 1)
        try h.add("night-1/evt_0-again.json", BatchWebhookRaceTests.checkout("evt_0", date: "2027-01-01", created: 1_790_000_000))
        try h.run()
        var store = try DiskStore.open(at: h.dir.path + "/state", create: false)
        #expect(StoredState.deltaCount(try store.readRoot(try #require(try store.head()))) == 1)
        #expect(try store.readRoot(try #require(try store.head())).packs.isEmpty, "a redelivery stores no object")
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: format)), as: UTF8.self) == "reconcile-store 4\n")

        try h.add("night-2/evt_n.json", BatchWebhookRaceTests.checkout("evt_n", date: "2027-02-01", created: 1_790_100_000))
        try h.run()
        store = try DiskStore.open(at: h.dir.path + "/state", create: false)
        #expect(try store.readRoot(try #require(try store.head())).packs.count == 1)
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: format)), as: UTF8.self) == "reconcile-store 4\n")
        #expect(try Inspector(state: h.dir.path + "/state", waitForLock: false).verify().text == "store verified: no problems")
    }

    /// Format 4 → 5 before the first commit that names a `rejected` blob (a build of 4 would drop
    /// it); later roots carry the log, and `verify` checks its raw objects.
    @Test func aStoreOfFormatFourSaysFiveBeforeItsFirstRejectedRecord() throws {
        let h = try BatchWebhookRaceTests.Harness()
        try h.add("tenants.json", BatchWebhookRaceTests.tenants)
        try h.add("night-0/evt_0.json", BatchWebhookRaceTests.checkout("evt_0", date: "2027-01-01", created: 1_790_000_000))
        try h.run()
        let format = h.dir.path + "/state/FORMAT"
        try Array("reconcile-store 4\n".utf8).withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: format)) }
        try h.add("night-1/evt_1.json", BatchWebhookRaceTests.checkout("evt_1", date: "2027-01-02", created: 1_790_000_100))
        try h.run()
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: format)), as: UTF8.self) == "reconcile-store 4\n",
                "no rejection, no new format")

        try h.add("night-2/mixed.ndjson", BatchWebhookRaceTests.checkout("evt_2", date: "2027-01-03", created: 1_790_000_200) + "\n{\"object\":\"event\",\"id\":\"evt_3\"}\n")
        try h.run()
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: format)), as: UTF8.self) == "reconcile-store 5\n")
        try h.add("night-3/evt_4.json", BatchWebhookRaceTests.checkout("evt_4", date: "2027-01-04", created: 1_790_000_300))
        try h.run()
        let store = try DiskStore.open(at: h.dir.path + "/state", create: false)
        let state = try StoredState.load(from: store)
        #expect(state.rejected.entries.map(\.key) == [RecordKey(kind: .event, tenantID: .global, id: "evt_3")], "carried by the next root")
        #expect(try Inspector(state: h.dir.path + "/state", waitForLock: false).verify().text == "store verified: no problems")
    }
}
