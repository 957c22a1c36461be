import Testing
@testable import ReconcileKit

/// One suite for every ``StateStore`` implementation (restic's shared backend tests).
@Suite struct StateStoreConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func aNewStoreHasNoHeadAndAnEmptyLog(kind: StoreKind) throws {
        let dir = StoreTempDir()
        let store = try kind.make(in: dir)
        #expect(try store.head() == nil)
        #expect(try store.log().isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func committedRecordsAndBlobsReadBackExactly(kind: StoreKind) throws {
        let dir = StoreTempDir()
        let store = try kind.make(in: dir)
        let records = (0..<50).map { storeTestRecord($0) }
        let ledger = Array(#"{"bookings":[]}"#.utf8)
        let index = Array(#"{"keys":3}"#.utf8)
        let tx = storeTestTransaction(parent: nil, run: 1, records: records, blobs: ["ledger": ledger, "index": index])

        let rootID = try store.commit(tx)

        #expect(try store.head() == rootID)
        for record in records {
            #expect(try store.contains(record.id))
            #expect(try store.read(record.id) == record.bytes)
        }
        let root = try store.readRoot(rootID)
        #expect(root.parent == nil)
        #expect(root.runID == "run-1")
        #expect(root.time == tx.time)
        #expect(root.inputs == tx.inputs)
        #expect(root.counts == ["new": 50, "duplicate": 0])
        #expect(root.packs.count == 1)
        #expect(root.blobs == ["ledger": ObjectID(digestOf: ledger), "index": ObjectID(digestOf: index)])
        #expect(try store.read(root.blobs["ledger"]!) == ledger)
        #expect(try store.read(rootID) == root.canonicalBytes)
    }

    @Test(arguments: StoreKind.allCases)
    func theLogIsAHashChainNewestFirst(kind: StoreKind) throws {
        let dir = StoreTempDir()
        let store = try kind.make(in: dir)
        let first = try store.commit(storeTestTransaction(parent: nil, run: 1, records: [storeTestRecord(1)]))
        let second = try store.commit(storeTestTransaction(parent: first, run: 2, records: [storeTestRecord(2)]))
        let third = try store.commit(storeTestTransaction(parent: second, run: 3, records: []))

        let log = try kind.reopen(store, in: dir).log()

        #expect(log.map(\.id) == [third, second, first])
        #expect(log.map(\.root.runID) == ["run-3", "run-2", "run-1"])
        #expect(log.map(\.root.parent) == [second, first, nil])
        for entry in log { #expect(ObjectID(digestOf: entry.root.canonicalBytes) == entry.id) }
    }

    @Test(arguments: StoreKind.allCases)
    func aCommitBuiltOnAnOldHeadIsRefused(kind: StoreKind) throws {
        let dir = StoreTempDir()
        let store = try kind.make(in: dir)
        let first = try store.commit(storeTestTransaction(parent: nil, run: 1, records: [storeTestRecord(1)]))

        #expect(throws: StoreError.headMoved(expected: nil, found: first)) {
            try store.commit(storeTestTransaction(parent: nil, run: 2, records: [storeTestRecord(2)]))
        }
        #expect(try store.head() == first)
        #expect(try !store.contains(storeTestRecord(2).id))
    }

    @Test(arguments: StoreKind.allCases)
    func readingAnUnknownObjectFailsNamingIt(kind: StoreKind) throws {
        let dir = StoreTempDir()
        let store = try kind.make(in: dir)
        _ = try store.commit(storeTestTransaction(parent: nil, run: 1, records: [storeTestRecord(1)]))
        let unknown = storeTestRecord(99).id

        #expect(try !store.contains(unknown))
        #expect(throws: StoreError.missingObject(id: unknown)) { try store.read(unknown) }
    }

    @Test(arguments: StoreKind.allCases)
    func readingARecordAsARootFailsNamingIt(kind: StoreKind) throws {
        let dir = StoreTempDir()
        let store = try kind.make(in: dir)
        let record = storeTestRecord(1)
        _ = try store.commit(storeTestTransaction(parent: nil, run: 1, records: [record]))

        do {
            _ = try store.readRoot(record.id)
            Issue.record("a record was read as a root")
        } catch {
            guard case .invalidRoot(let id, _, let reason) = error else { Issue.record("wrong error \(error)"); return }
            #expect(id == record.id)
            #expect(reason == "member 'type' is not \"root\"")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aRunOfOnlyKnownRecordsAddsNoPack(kind: StoreKind) throws {
        let dir = StoreTempDir()
        let store = try kind.make(in: dir)
        let records = (0..<5).map { storeTestRecord($0) }
        let first = try store.commit(storeTestTransaction(parent: nil, run: 1, records: records + records))
        let second = try store.commit(storeTestTransaction(parent: first, run: 2, records: records.reversed()))

        #expect(try store.readRoot(first).packs.count == 1)
        #expect(try store.readRoot(second).packs.isEmpty)
        for record in records { #expect(try store.read(record.id) == record.bytes) }
    }

    @Test(arguments: StoreKind.allCases)
    func aCommitReachesEveryCrashPointInOrder(kind: StoreKind) throws {
        let dir = StoreTempDir()
        let store = try kind.make(in: dir)
        final class Points { var reached: [CrashPoint] = [] }
        let points = Points()

        _ = try store.commit(storeTestTransaction(parent: nil, run: 1, records: [storeTestRecord(1)], blobs: ["index": [1, 2]]),
                             crashHook: CrashHook { points.reached.append($0) })

        #expect(points.reached == CrashPoint.allCases)
        #expect(points.reached.map(\.rawValue) == ["after-pack", "after-objects", "after-index", "after-root", "before-head", "after-head"])
    }

    static let stopCases: [(StoreKind, CrashPoint)] = StoreKind.allCases.flatMap { k in CrashPoint.allCases.map { (k, $0) } }

    /// A commit stopped dead at any point leaves the previous head and its objects intact; the
    /// stopped run's objects are invisible (unless the head already moved), and the run can be redone.
    @Test(arguments: stopCases)
    func aCommitStoppedAtAnyPointLeavesThePreviousStateIntact(kind: StoreKind, point: CrashPoint) throws {
        let dir = StoreTempDir()
        let store = try kind.make(in: dir)
        let old = (0..<10).map { storeTestRecord($0) }
        let first = try store.commit(storeTestTransaction(parent: nil, run: 1, records: old, blobs: ["index": Array("i1".utf8)]))
        let new = (10..<20).map { storeTestRecord($0) }
        let tx = storeTestTransaction(parent: first, run: 2, records: old + new, blobs: ["index": Array("i2".utf8)])

        #expect(throws: StoreError.stopped(at: point)) { try store.commit(tx, crashHook: .stop(at: point)) }

        let reopened = try kind.reopen(store, in: dir)
        let committed = point == .afterHead
        #expect(try (reopened.head() != first) == committed)
        #expect(try reopened.log().count == (committed ? 2 : 1))
        for record in old { #expect(try reopened.read(record.id) == record.bytes) }
        for record in new { #expect(try reopened.contains(record.id) == committed) }
        if let disk = reopened as? DiskStore {
            #expect(try disk.verify() == [])
        }
        if !committed {
            let redone = try reopened.commit(tx)
            #expect(try reopened.head() == redone)
            for record in new { #expect(try reopened.read(record.id) == record.bytes) }
            if let disk = reopened as? DiskStore { #expect(try disk.verify() == []) }
        }
    }

    // MARK: Records staged ahead of the commit

    @Test(arguments: StoreKind.allCases)
    func stagedRecordsAreFoundOnlyOnceACommitNamesTheirPacks(kind: StoreKind) throws {
        let dir = StoreTempDir()
        let store = try kind.make(in: dir)
        let first = try store.commit(storeTestTransaction(parent: nil, run: 1, records: [storeTestRecord(1)]))
        let records = (2..<12).map { storeTestRecord($0) }

        let staged = try store.stage(records + [storeTestRecord(1)], crashHook: .none)

        #expect(staged.packs.count == 1)
        let reopened = try kind.reopen(store, in: dir)
        #expect(try reopened.head() == first)
        for record in records { #expect(try !reopened.contains(record.id)) }

        var tx = storeTestTransaction(parent: first, run: 2, records: [])
        tx.staged = staged
        let second = try store.commit(tx)

        #expect(try store.readRoot(second).packs == staged.packs)
        let after = try kind.reopen(store, in: dir)
        for record in records { #expect(try after.read(record.id) == record.bytes) }
        if let disk = after as? DiskStore { #expect(try disk.verify() == []) }
    }

    @Test(arguments: StoreKind.allCases)
    func stagingThenCommittingReachesEveryCrashPointOnceInOrder(kind: StoreKind) throws {
        let dir = StoreTempDir()
        let store = try kind.make(in: dir)
        final class Points { var reached: [CrashPoint] = [] }
        let points = Points()
        let hook = CrashHook { points.reached.append($0) }

        var tx = storeTestTransaction(parent: nil, run: 1, records: [], blobs: ["index": [1, 2]])
        tx.staged = try store.stage([storeTestRecord(1)], crashHook: hook)
        _ = try store.commit(tx, crashHook: hook)

        #expect(points.reached == CrashPoint.allCases)
    }

    @Test(arguments: StoreKind.allCases)
    func aCommitNamingAPackNobodyStagedIsRefused(kind: StoreKind) throws {
        let dir = StoreTempDir()
        let store = try kind.make(in: dir)
        let otherDir = StoreTempDir()
        let other = try kind.make(in: otherDir)
        var tx = storeTestTransaction(parent: nil, run: 1, records: [])
        tx.staged = try other.stage([storeTestRecord(1)], crashHook: .none)

        #expect(throws: StoreError.missingObject(id: tx.staged!.packs[0])) { try store.commit(tx) }
        #expect(try store.head() == nil)
    }
}
