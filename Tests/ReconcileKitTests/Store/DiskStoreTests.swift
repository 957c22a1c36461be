import Foundation
import Testing
@testable import ReconcileKit

@Suite struct DiskStoreTests {
    @Test func openingAMissingFolderCreatesAVersionedStore() throws {
        let dir = StoreTempDir()
        let nested = dir.path + "/a/b/.reconcile"

        let store = try DiskStore.open(at: nested)

        #expect(String(decoding: fileBytes(nested + "/FORMAT"), as: UTF8.self) == "reconcile-store 5\n")
        #expect(StoreFiles.isDirectory(nested + "/objects"))
        #expect(StoreFiles.isDirectory(nested + "/packs"))
        #expect(try store.head() == nil)
        #expect(!StoreFiles.exists(nested + "/HEAD"))
    }

    @Test func openingWithoutCreateRefusesAMissingStore() {
        let dir = StoreTempDir()
        #expect(throws: StoreError.notAStore(path: dir.storePath)) { try DiskStore.open(at: dir.storePath, create: false) }
    }

    @Test(arguments: ["reconcile-store 6\n", "reconcile-store 0", "git 1\n", ""])
    func anUnknownFormatVersionIsRefused(format: String) throws {
        let dir = StoreTempDir()
        _ = try DiskStore.open(at: dir.storePath)
        writeFileBytes(dir.storePath + "/FORMAT", Array(format.utf8))

        #expect(throws: StoreError.unsupportedFormat(path: dir.storePath + "/FORMAT", found: format.split(separator: "\n").first.map(String.init) ?? "")) {
            try DiskStore.open(at: dir.storePath)
        }
    }

    @Test func theUnknownFormatErrorNamesTheFileAndTheVersion() throws {
        let dir = StoreTempDir()
        _ = try DiskStore.open(at: dir.storePath)
        writeFileBytes(dir.storePath + "/FORMAT", Array("reconcile-store 7\n".utf8))

        do {
            _ = try DiskStore.open(at: dir.storePath)
            Issue.record("a store of format 7 was opened")
        } catch {
            #expect(error.description == "unsupported state store format 'reconcile-store 7' in '\(dir.storePath)/FORMAT' (this build reads 'reconcile-store 1', 'reconcile-store 2', 'reconcile-store 3', 'reconcile-store 4', 'reconcile-store 5')")
        }
    }

    @Test func aFolderWithOtherFilesIsNotTakenOver() throws {
        let dir = StoreTempDir()
        try FileManager.default.createDirectory(atPath: dir.storePath, withIntermediateDirectories: true)
        writeFileBytes(dir.storePath + "/notes.txt", Array("mine".utf8))

        #expect(throws: StoreError.notAStore(path: dir.storePath)) { try DiskStore.open(at: dir.storePath) }
    }

    @Test func headIsOneObjectIDAndALineBreak() throws {
        let dir = StoreTempDir()
        let store = try DiskStore.open(at: dir.storePath)
        let root = try store.commit(storeTestTransaction(parent: nil, run: 1, records: [storeTestRecord(1)]))

        #expect(String(decoding: fileBytes(dir.storePath + "/HEAD"), as: UTF8.self) == root.hex + "\n")
        #expect(StoreFiles.exists(store.loosePath(root)))
        #expect(store.loosePath(root).hasSuffix("/objects/\(root.hex.prefix(2))/\(root.hex.dropFirst(2))"))
    }

    @Test func aRunsRecordsGoIntoOnePackWithAnIndex() throws {
        let dir = StoreTempDir()
        let store = try DiskStore.open(at: dir.storePath)
        let records = (0..<200).map { storeTestRecord($0) }
        let rootID = try store.commit(storeTestTransaction(parent: nil, run: 1, records: records, blobs: ["index": [1]]))
        let packID = try #require(try store.readRoot(rootID).packs.first)

        #expect(filesUnder(dir.storePath + "/packs") == [packID.hex + ".idx", packID.hex + ".pack"])
        #expect(try store.loadPackIndex(packID).count == 200)
        // Two loose objects: the blob and the root; no file per record.
        #expect(filesUnder(dir.storePath + "/objects").count == 2)
    }

    @Test func aFreshlyOpenedStoreFindsPackedRecordsThroughTheIndex() throws {
        let dir = StoreTempDir()
        let records = (0..<300).map { storeTestRecord($0) }
        do {
            let store = try DiskStore.open(at: dir.storePath)
            _ = try store.commit(storeTestTransaction(parent: nil, run: 1, records: records))
        }
        let reopened = try DiskStore.open(at: dir.storePath)
        for record in records.shuffled() { #expect(try reopened.read(record.id) == record.bytes) }
    }

    @Test func largeRunsAreSplitIntoSeveralPacks() throws {
        let dir = StoreTempDir()
        let store = try DiskStore.open(at: dir.storePath)
        store.maxPackBytes = 2_000
        let records = (0..<100).map { storeTestRecord($0) }
        let rootID = try store.commit(storeTestTransaction(parent: nil, run: 1, records: records))

        let packs = try store.readRoot(rootID).packs
        #expect(packs.count > 1)
        #expect(try packs.map { try store.loadPackIndex($0).count }.reduce(0, +) == 100)
        let reopened = try DiskStore.open(at: dir.storePath)
        for record in records { #expect(try reopened.read(record.id) == record.bytes) }
        #expect(try reopened.verify() == [])
    }

    @Test func anObjectAlreadyStoredIsNotStoredAgain() throws {
        let dir = StoreTempDir()
        let store = try DiskStore.open(at: dir.storePath)
        let a = (0..<10).map { storeTestRecord($0) }
        let b = (5..<15).map { storeTestRecord($0) }
        let index = Array(#"{"index":1}"#.utf8)
        let first = try store.commit(storeTestTransaction(parent: nil, run: 1, records: a, blobs: ["index": index]))
        let looseAfterFirst = filesUnder(dir.storePath + "/objects")

        // Half the records are known, the blob is unchanged, and one blob equals a packed record.
        let second = try store.commit(storeTestTransaction(parent: first, run: 2, records: b + b,
                                                           blobs: ["index": index, "copy": a[0].bytes]))

        let packs = try store.readRoot(second).packs
        #expect(packs.count == 1)
        #expect(try store.loadPackIndex(packs[0]).count == 5)
        let looseAfterSecond = filesUnder(dir.storePath + "/objects")
        #expect(Set(looseAfterSecond).subtracting(looseAfterFirst) == [rel(second)])
        #expect(try store.read(ObjectID(digestOf: a[0].bytes)) == a[0].bytes)
        #expect(try DiskStore.open(at: dir.storePath).verify() == [])
    }

    @Test func objectsAreCompressedAtRest() throws {
        let dir = StoreTempDir()
        let store = try DiskStore.open(at: dir.storePath)
        let blob = Array(String(repeating: #"{"amount":1000,"currency":"usd"},"#, count: 200).utf8)
        let records = (0..<100).map { storeTestRecord($0) }
        let rootID = try store.commit(storeTestTransaction(parent: nil, run: 1, records: records, blobs: ["ledger": blob]))

        let onDisk = fileBytes(store.loosePath(ObjectID(digestOf: blob)))
        #expect(onDisk != blob)
        #expect(onDisk.count < blob.count / 10)
        #expect(onDisk.count > 0)

        let packID = try store.readRoot(rootID).packs[0]
        let pack = fileBytes(store.packPath(packID))
        let rawTotal = records.map(\.bytes.count).reduce(0, +)
        #expect(pack.count < rawTotal)
        #expect(!contains(pack, records[0].bytes))
    }

    @Test(arguments: [0, 1, 5_000, 300_000])
    func anObjectCompressedInPiecesIsTheSameZlibStreamAsCompressedWhole(size: Int) throws {
        var state: UInt64 = 42  // half text, half noise: several pieces of output
        let bytes = (0..<size).map { i -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return i % 2 == 0 ? UInt8(ascii: "a") + UInt8(i % 7) : UInt8(truncatingIfNeeded: state >> 56)
        }
        let deflater = StoreDeflater(level: 1)
        var pieces: [[UInt8]] = []
        try deflater.compress(bytes, piece: 4_096) { pieces.append($0) }

        let streamed = pieces.flatMap { $0 }
        #expect(pieces.dropLast().allSatisfy { $0.count == 4_096 })
        #expect(size < 300_000 || pieces.count > 10)
        #expect(streamed == deflater.compress(bytes))
        let inflated = streamed.withUnsafeBytes { StoreInflater().decompress($0, expectedSize: size) }
        #expect(try inflated.get() == bytes)
    }

    @Test func readingAFlippedLooseObjectFailsNamingTheObjectAndPath() throws {
        let dir = StoreTempDir()
        let store = try DiskStore.open(at: dir.storePath)
        let blob = Array(String(repeating: "ledger ", count: 100).utf8)
        _ = try store.commit(storeTestTransaction(parent: nil, run: 1, records: [], blobs: ["ledger": blob]))
        let id = ObjectID(digestOf: blob)
        let path = store.loosePath(id)
        flipByte(path, at: fileBytes(path).count / 2)

        let reopened = try DiskStore.open(at: dir.storePath)
        do {
            _ = try reopened.read(id)
            Issue.record("a corrupt object was read")
        } catch {
            guard case .corruptObject(let failedID, let failedPath, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(failedID == id)
            #expect(failedPath == path)
            #expect(error.description.contains(id.hex) && error.description.contains(path))
        }
    }

    /// One object per block here (a block's objects fail together: they share one zlib stream).
    @Test func readingAFlippedPackEntryFailsNamingTheObjectAndPack() throws {
        let dir = StoreTempDir()
        let store = try DiskStore.open(at: dir.storePath)
        store.blockBytes = 1
        let records = (0..<3).map { storeTestRecord($0) }
        let rootID = try store.commit(storeTestTransaction(parent: nil, run: 1, records: records))
        let packID = try store.readRoot(rootID).packs[0]
        let entry = try #require(try store.loadPackIndex(packID).find(records[1].id))
        flipByte(store.packPath(packID), at: Int(entry.offset) + 20)

        let reopened = try DiskStore.open(at: dir.storePath)
        do {
            _ = try reopened.read(records[1].id)
            Issue.record("a corrupt pack entry was read")
        } catch {
            guard case .corruptObject(let failedID, let place, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(failedID == records[1].id)
            #expect(place == "\(store.packPath(packID)) at offset \(entry.offset)")
        }
        #expect(try reopened.read(records[0].id) == records[0].bytes)
    }

    /// Stores written before blocks (pack version 1: one zlib stream per object) stay readable
    /// and verify clean; new records beside them go into block packs.
    @Test func aVersionOnePackIsStillReadAndVerified() throws {
        let dir = StoreTempDir()
        let store = try DiskStore.open(at: dir.storePath)
        let old = (0..<5).map { storeTestRecord($0) }
        var pack = PackFormat.packMagic
        PackFormat.append(UInt32(1), to: &pack)
        PackFormat.append(UInt32(old.count), to: &pack)
        var entries: [(id: ObjectID, offset: UInt64, length: UInt32)] = []
        let deflater = StoreDeflater(level: 1)
        for record in old {
            let offset = pack.count
            let compressed = deflater.compress(record.bytes)
            PackFormat.append(UInt32(compressed.count), to: &pack)
            PackFormat.append(UInt32(record.bytes.count), to: &pack)
            pack.append(contentsOf: compressed)
            entries.append((record.id, UInt64(offset), UInt32(pack.count - offset)))
        }
        let packID = ObjectID(digestOf: pack)
        pack.append(contentsOf: packID.bytes)
        let index = PackIndex.encode(packID: packID, entries: entries, version: 1)
        writeFileBytes(store.packPath(packID), pack)
        writeFileBytes(store.packIndexPath(packID), index)
        var tx = storeTestTransaction(parent: nil, run: 1, records: [])
        tx.staged = StagedRecords(packs: [packID], indexes: [try PackIndex(bytes: index, expectedPackID: packID)])
        let first = try store.commit(tx)
        let new = (5..<8).map { storeTestRecord($0) }
        _ = try store.commit(storeTestTransaction(parent: first, run: 2, records: new))

        let reopened = try DiskStore.open(at: dir.storePath)
        for record in old + new { #expect(try reopened.read(record.id) == record.bytes) }
        #expect(try reopened.loadPackIndex(packID).version == 1)
        #expect(try reopened.verify() == [])
    }

    private func rel(_ id: ObjectID) -> String { "\(id.hex.prefix(2))/\(id.hex.dropFirst(2))" }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }
}
