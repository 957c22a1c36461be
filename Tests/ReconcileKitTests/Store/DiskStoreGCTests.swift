import Testing
@testable import ReconcileKit

@Suite struct DiskStoreGCTests {
    @Test func gcRemovesTheOrphanPackOfAKilledRunAndKeepsReachableOnes() throws {
        let dir = StoreTempDir()
        let store = try DiskStore.open(at: dir.storePath)
        let kept = (0..<10).map { storeTestRecord($0) }
        let first = try store.commit(storeTestTransaction(parent: nil, run: 1, records: kept))
        let keptPack = try store.readRoot(first).packs[0]
        let killed = storeTestTransaction(parent: first, run: 2, records: (10..<20).map { storeTestRecord($0) })
        #expect(throws: StoreError.stopped(at: .afterObjects)) { try store.commit(killed, crashHook: .stop(at: .afterObjects)) }
        let orphan = try #require(filesUnder(dir.storePath + "/packs").first { !$0.hasPrefix(keptPack.hex) })

        let lock = try store.acquireLock(wait: false)
        let report = try store.gc(holding: lock)

        let orphanID = String(orphan.prefix(64))
        #expect(report.removedPacks == [dir.storePath + "/packs/\(orphanID).idx", dir.storePath + "/packs/\(orphanID).pack"])
        #expect(report.removedObjects.isEmpty)
        #expect(filesUnder(dir.storePath + "/packs") == [keptPack.hex + ".idx", keptPack.hex + ".pack"])
        let reopened = try DiskStore.open(at: dir.storePath)
        for record in kept { #expect(try reopened.read(record.id) == record.bytes) }
        #expect(try reopened.verify() == [])
    }

    @Test func gcRemovesLeftoverObjectsAndTemporaryFilesOnce() throws {
        let dir = StoreTempDir()
        let store = try DiskStore.open(at: dir.storePath)
        let first = try store.commit(storeTestTransaction(parent: nil, run: 1, records: [storeTestRecord(1)], blobs: ["index": Array("one".utf8)]))
        let killed = storeTestTransaction(parent: first, run: 2, records: [storeTestRecord(2)], blobs: ["index": Array("two".utf8)])
        #expect(throws: StoreError.stopped(at: .beforeHead)) { try store.commit(killed, crashHook: .stop(at: .beforeHead)) }
        writeFileBytes(store.packsPath + "/tmp-abandoned-123456", [1, 2, 3])

        let lock = try store.acquireLock(wait: false)
        let report = try store.gc(holding: lock)

        #expect(report.removedObjects.count == 2)   // the killed run's blob and root
        #expect(report.removedObjects.contains(store.loosePath(ObjectID(digestOf: Array("two".utf8)))))
        #expect(report.removedPacks.count == 2)
        #expect(report.removedTemporaryFiles.count == 2)   // the HEAD temp file and the planted one
        #expect(report.removedTemporaryFiles.contains(store.packsPath + "/tmp-abandoned-123456"))
        #expect(try store.gc(holding: lock).isEmpty)
        #expect(try store.head() == first)
        #expect(try store.read(ObjectID(digestOf: Array("one".utf8))) == Array("one".utf8))
        #expect(try DiskStore.open(at: dir.storePath).verify() == [])
    }

    @Test func gcRefusesToRunOnABrokenChain() throws {
        let dir = StoreTempDir()
        let store = try DiskStore.open(at: dir.storePath)
        let first = try store.commit(storeTestTransaction(parent: nil, run: 1, records: [storeTestRecord(1)]))
        let second = try store.commit(storeTestTransaction(parent: first, run: 2, records: [storeTestRecord(2)]))
        let firstPack = try store.readRoot(first).packs[0]
        try StoreFiles.remove(store.loosePath(first))

        let lock = try store.acquireLock(wait: false)
        #expect(throws: StoreError.corruptObject(id: first, path: store.loosePath(first), reason: "object file is missing")) {
            try store.gc(holding: lock)
        }
        #expect(StoreFiles.exists(store.packPath(firstPack)))
        #expect(StoreFiles.exists(store.loosePath(second)))
    }
}
