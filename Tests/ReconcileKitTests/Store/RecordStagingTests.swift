import Foundation
import Testing
@testable import ReconcileKit

/// The night's records are packed as the ingest hands them over, a window at a time
/// (`DiskStore.Staging`): what it writes must be what a commit finds, and a failure on the way
/// must stop the run instead of losing records.
@Suite struct RecordStagingTests {
    @Test func recordsHandedOverOneByOneAcrossWindowsAndPacksAreAllFoundOnceCommitted() throws {
        let dir = StoreTempDir()
        let store = try DiskStore.open(at: dir.storePath)
        store.compressionWindow = 7
        store.maxPackBytes = 2_000
        let records = (0..<100).map { storeTestRecord($0) }

        let staging = try store.beginStaging()
        for record in records { staging.add(record) }
        var transaction = storeTestTransaction(parent: nil, run: 1, records: [])
        transaction.staged = try staging.finish(crashHook: .none)
        let rootID = try store.commit(transaction)

        let packs = try store.readRoot(rootID).packs
        #expect(packs.count > 1)
        #expect(try packs.map { try store.loadPackIndex($0).count }.reduce(0, +) == 100)
        let reopened = try DiskStore.open(at: dir.storePath)
        for record in records.shuffled() { #expect(try reopened.read(record.id) == record.bytes) }
        #expect(try reopened.verify() == [])
    }

    @Test func aRecordHandedOverTwiceOrAlreadyStoredIsPackedOnce() throws {
        let dir = StoreTempDir()
        let store = try DiskStore.open(at: dir.storePath)
        store.compressionWindow = 3
        let first = try store.commit(storeTestTransaction(parent: nil, run: 1, records: (0..<5).map { storeTestRecord($0) }))

        let staging = try store.beginStaging()
        for n in [3, 4, 5, 5, 6, 3, 7, 6] { staging.add(storeTestRecord(n)) }
        var transaction = storeTestTransaction(parent: first, run: 2, records: [])
        transaction.staged = try staging.finish(crashHook: .none)
        let second = try store.commit(transaction)

        let packs = try store.readRoot(second).packs
        #expect(try packs.map { try store.loadPackIndex($0).count }.reduce(0, +) == 3)  // 5, 6, 7
        #expect(try DiskStore.open(at: dir.storePath).verify() == [])
    }

    @Test func aPackWriteThatFailsWhileRecordsAreStillHandedOverFailsTheFinishAndNothingIsWrittenAfterIt() throws {
        let dir = StoreTempDir()
        let store = try DiskStore.open(at: dir.storePath)
        store.compressionWindow = 4
        store.maxPackBytes = 500  // a pack is written while records are still being handed over
        let plan = try #require(FaultPlan(parsing: "write:1:ENOSPC"))

        let counter = FaultCounter()
        let thrown = try FileIO.$current.withValue(FileIO.failing(plan, counter: counter)) { () throws -> StoreError? in
            let staging = try store.beginStaging()
            for n in 0..<40 { staging.add(storeTestRecord(n)) }
            do throws(StoreError) {
                _ = try staging.finish(crashHook: .none)
                return nil
            } catch {
                return error
            }
        }

        #expect(counter.count(.write) == 1)  // the failed pack, and no pack or index written after it
        guard case .io(let operation, let path, let code)? = thrown else {
            Issue.record("expected the failed pack write, got \(String(describing: thrown))")
            return
        }
        #expect(operation == "write")
        #expect(path.hasPrefix(dir.storePath + "/packs/"))
        #expect(code == ENOSPC)
        #expect(try store.head() == nil)
        #expect(try DiskStore.open(at: dir.storePath).verify() == [])
    }
}
