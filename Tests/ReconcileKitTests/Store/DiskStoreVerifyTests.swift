import Foundation
import Testing
@testable import ReconcileKit

@Suite struct DiskStoreVerifyTests {
    /// Two committed runs: records in packs, an index blob each.
    struct Fixture {
        let dir = StoreTempDir()
        let store: DiskStore
        let records = (0..<20).map { storeTestRecord($0) }
        let first: ObjectID
        let second: ObjectID
        let firstIndex = Array(String(repeating: "index one ", count: 20).utf8)
        let secondIndex = Array(String(repeating: "index two ", count: 20).utf8)

        init() throws {
            store = try DiskStore.open(at: dir.storePath)
            first = try store.commit(storeTestTransaction(parent: nil, run: 1, records: Array(records[0..<10]), blobs: ["index": firstIndex]))
            second = try store.commit(storeTestTransaction(parent: first, run: 2, records: Array(records[10...]), blobs: ["index": secondIndex]))
        }

        func packOf(_ root: ObjectID) throws -> ObjectID { try store.readRoot(root).packs[0] }

        func verify() throws -> [VerifyProblem] { try DiskStore.open(at: dir.storePath).verify() }
    }

    @Test func anIntactStoreVerifiesClean() throws {
        let f = try Fixture()
        #expect(try f.verify() == [])
        let empty = StoreTempDir()
        #expect(try DiskStore.open(at: empty.storePath).verify() == [])
    }

    @Test func aFlippedByteInALooseObjectIsReportedWithItsPath() throws {
        let f = try Fixture()
        let blob = ObjectID(digestOf: f.firstIndex)
        let path = f.store.loosePath(blob)
        flipByte(path, at: 5)

        let problems = try f.verify()

        #expect(problems.count == 1)
        #expect(problems.first?.kind == .corruptObject)
        #expect(problems.first?.path == path)
        #expect(problems.first?.message.contains(blob.hex) == true)
    }

    @Test func aFlippedByteInAPackIsReportedWithThePackPath() throws {
        let f = try Fixture()
        let packID = try f.packOf(f.first)
        let entry = try f.store.loadPackIndex(packID).find(f.records[3].id)!
        flipByte(f.store.packPath(packID), at: Int(entry.offset) + 12)

        let problems = try f.verify()

        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { $0.path == f.store.packPath(packID) })
        #expect(problems.contains { $0.kind == .corruptObject && $0.message.contains(f.records[3].id.hex) })
        #expect(problems.contains { $0.kind == .corruptPack && $0.message == "pack checksum mismatch" })
    }

    @Test func aTruncatedPackIsReportedWithThePackPath() throws {
        let f = try Fixture()
        let packID = try f.packOf(f.second)
        truncateFile(f.store.packPath(packID), dropping: 100)

        let problems = try f.verify()

        #expect(problems.contains { $0.kind == .corruptPack && $0.path == f.store.packPath(packID) && $0.message.hasPrefix("truncated") })
        #expect(problems.contains { $0.kind == .packIndexMismatch && $0.path == f.store.packPath(packID) && $0.message.contains("not in the pack") })
    }

    @Test func aPackEntryMissingFromItsIndexIsReported() throws {
        let f = try Fixture()
        let packID = try f.packOf(f.first)
        let entries = try f.store.loadPackIndex(packID).entries
        let fewer = PackIndex.encode(packID: packID, entries: entries.dropFirst().map { ($0.id, $0.offset, $0.length) })
        writeFileBytes(f.store.packIndexPath(packID), fewer)

        let problems = try f.verify()

        let dropped = entries[0]
        #expect(problems == [VerifyProblem(.packIndexMismatch, path: f.store.packPath(packID),
                                           "object \(dropped.id) at offset \(dropped.offset) is not in the pack index")])
    }

    @Test func aDamagedPackIndexIsReportedWithItsPath() throws {
        let f = try Fixture()
        let packID = try f.packOf(f.first)
        flipByte(f.store.packIndexPath(packID), at: 60)

        let problems = try f.verify()

        #expect(problems.contains { $0.kind == .corruptPackIndex && $0.path == f.store.packIndexPath(packID) })
    }

    @Test func aMissingBlobIsReportedWithItsExpectedPath() throws {
        let f = try Fixture()
        let blob = ObjectID(digestOf: f.secondIndex)
        try StoreFiles.remove(f.store.loosePath(blob))

        let problems = try f.verify()

        #expect(problems == [VerifyProblem(.missingObject, path: f.store.loosePath(blob),
                                           "root \(f.second.short) names blob 'index' \(blob), which is missing")])
    }

    @Test func aMissingPackIsReported() throws {
        let f = try Fixture()
        let packID = try f.packOf(f.first)
        try StoreFiles.remove(f.store.packPath(packID))

        let problems = try f.verify()

        #expect(problems.contains { $0.kind == .missingObject && $0.path == f.store.packPath(packID) })
    }

    @Test func aRootWhoseParentIsMissingBreaksTheChain() throws {
        let f = try Fixture()
        try StoreFiles.remove(f.store.loosePath(f.first))

        let problems = try f.verify()

        #expect(problems == [VerifyProblem(.brokenChain, path: f.store.loosePath(f.second),
                                           "root \(f.second) names parent \(f.first), which is missing (expected at \(f.store.loosePath(f.first)))")])
    }

    @Test func aHeadNamingAMissingRootIsReported() throws {
        let f = try Fixture()
        try StoreFiles.remove(f.store.loosePath(f.second))

        let problems = try f.verify()

        #expect(problems.map(\.kind) == [.invalidHead])
        #expect(problems.first?.path == f.dir.storePath + "/HEAD")
    }

    @Test func aHeadThatIsNotAnObjectIDIsReported() throws {
        let f = try Fixture()
        writeFileBytes(f.dir.storePath + "/HEAD", Array("not a root\n".utf8))

        #expect(try f.verify().map(\.kind) == [.invalidHead])
    }

    @Test func aNonRootAtTheHeadIsReported() throws {
        let f = try Fixture()
        let blob = ObjectID(digestOf: f.firstIndex)
        writeFileBytes(f.dir.storePath + "/HEAD", Array((blob.hex + "\n").utf8))

        #expect(try f.verify() == [VerifyProblem(.invalidRoot, path: f.store.loosePath(blob),
                                                 "object \(blob): not JSON (expected a JSON value, found 'i' at byte 0)")])
    }

    @Test func strayFilesAreReported() throws {
        let f = try Fixture()
        writeFileBytes(f.dir.storePath + "/packs/readme.txt", Array("hi".utf8))

        #expect(try f.verify() == [VerifyProblem(.unexpectedFile, path: f.dir.storePath + "/packs/readme.txt", "not a pack or pack index")])
    }
}
