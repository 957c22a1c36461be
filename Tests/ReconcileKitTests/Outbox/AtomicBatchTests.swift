import Foundation
import Synchronization
import Testing

@testable import ReconcileKit

/// The file-system calls a batch makes, in order, through a recording ``FileIO``: "syncfs",
/// "fsync <path>" (the path of the fd), "rename <destination name>".
final class CallLog: Sendable {
    private let calls = Mutex<[String]>([])

    var entries: [String] { calls.withLock { $0 } }

    /// The real calls, recorded; `syncfs` answers `syncfsErrno` instead when given, `rename` of a
    /// destination named `failRename` fails with EIO.
    func io(syncfsErrno: Int32? = nil, failRename: String? = nil) -> FileIO {
        FileIO(
            write: FileIO.system.write,
            fsync: { fd in
                self.calls.withLock { $0.append("fsync " + Self.name(of: fd)) }
                return FileIO.system.fsync(fd)
            },
            rename: { from, to in
                let name = String(to.split(separator: "/").last ?? "")
                self.calls.withLock { $0.append("rename " + name) }
                if name == failRename {
                    errno = EIO
                    return -1
                }
                return FileIO.system.rename(from, to)
            },
            syncfs: { fd in
                self.calls.withLock { $0.append("syncfs") }
                if let code = syncfsErrno {
                    errno = code
                    return -1
                }
                return FileIO.system.syncfs(fd)
            }
        )
    }

    /// The last path component of what `fd` is open on.
    static func name(of fd: Int32) -> String {
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")) ?? "?"
        return String(target.split(separator: "/").last ?? "/")
    }
}

@Suite struct AtomicBatchTests {
    /// A process id that no process has any more: a child that ran and was reaped.
    static func deadProcessID() throws -> Int32 {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        return child.processIdentifier
    }

    @Test func stagingInAFolderRemovesTheTemporaryFilesOfADeadWriterOnly() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let dead = try Self.deadProcessID()
        let left = [
            ".a.csv.\(dead)-00000000deadbeef.tmp",  // a killed run's: removed
            ".b.csv.1-00000000deadbeef.tmp",  // a live process's (init): kept
            ".c.csv.\(getpid())-00000000deadbeef.tmp",  // this process's: kept
            ".notes.tmp", "d.csv", ".e.csv.\(dead)-xyz.tmp",  // not a batch's temporary file: kept
        ]
        try FileManager.default.createDirectory(atPath: root + "/one", withIntermediateDirectories: true)
        for name in left { _ = FileManager.default.createFile(atPath: root + "/one/" + name, contents: Data()) }
        var batch = AtomicBatch()
        try batch.stage(Array("a".utf8), to: root + "/one/a.csv")
        let remaining = Set(try AtomicFileTests.entries(root + "/one"))
        #expect(remaining.isSuperset(of: left.dropFirst()))
        #expect(!remaining.contains(left[0]))
        try batch.commit()
        #expect(try OutboxFixtures.read(root + "/one/a.csv") == Array("a".utf8))
    }

    static func stageTwo(_ root: String) throws -> AtomicBatch {
        var batch = AtomicBatch()
        try batch.stage(Array("a".utf8), to: root + "/one/a.csv")
        try batch.stage(Array("b".utf8), to: root + "/two/b.csv")
        return batch
    }

    @Test func stagedFilesAppearUnderTheirNamesOnlyAtCommit() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        var batch = try Self.stageTwo(root)
        #expect(!FileManager.default.fileExists(atPath: root + "/one/a.csv"))
        let hidden = try AtomicFileTests.entries(root + "/one")
        #expect(hidden.count == 1 && hidden[0].hasPrefix(".a.csv.") && hidden[0].hasSuffix(".tmp"), "\(hidden)")
        try batch.commit()
        #expect(try OutboxFixtures.read(root + "/one/a.csv") == Array("a".utf8))
        #expect(try OutboxFixtures.read(root + "/two/b.csv") == Array("b".utf8))
        #expect(try AtomicFileTests.entries(root + "/one") == ["a.csv"])
        #expect(try AtomicFileTests.entries(root + "/two") == ["b.csv"])
    }

    @Test func oneBarrierComesBeforeEveryRenameAndEachFolderIsFsyncedAfter() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        var batch = try Self.stageTwo(root)
        try batch.stage(Array("c".utf8), to: root + "/one/c.csv")
        let log = CallLog()
        try FileIO.$current.withValue(log.io()) { try batch.commit() }
        #expect(log.entries == ["syncfs", "rename a.csv", "rename b.csv", "rename c.csv", "fsync one", "fsync two"])
    }

    @Test func withoutSyncfsEveryTemporaryFileIsFsyncedBeforeAnyRename() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        var batch = try Self.stageTwo(root)
        let log = CallLog()
        try FileIO.$current.withValue(log.io(syncfsErrno: ENOSYS)) { try batch.commit() }
        let entries = log.entries
        #expect(entries.count == 7, "\(entries)")
        #expect(entries[0] == "syncfs")
        #expect(entries[1].hasPrefix("fsync .a.csv.") && entries[2].hasPrefix("fsync .b.csv."), "\(entries)")
        #expect(Array(entries[3...]) == ["rename a.csv", "rename b.csv", "fsync one", "fsync two"])
        #expect(try OutboxFixtures.read(root + "/two/b.csv") == Array("b".utf8))
    }

    @Test func aFailingBarrierRenamesNothingAndRemovesTheTemporaryFiles() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        try AtomicFile.write(Array("old".utf8), to: root + "/one/a.csv")
        var batch = try Self.stageTwo(root)
        let log = CallLog()
        #expect(throws: FileSystemError(.sync, path: root + "/one", errno: EIO)) {
            try FileIO.$current.withValue(log.io(syncfsErrno: EIO)) { try batch.commit() }
        }
        #expect(log.entries == ["syncfs"], "no fallback on a write error, no rename")
        #expect(try OutboxFixtures.read(root + "/one/a.csv") == Array("old".utf8))
        #expect(try AtomicFileTests.entries(root + "/one") == ["a.csv"])
        #expect(try AtomicFileTests.entries(root + "/two") == [])
    }

    @Test func aFailingRenameLeavesEarlierFilesCompleteAndNoTemporaryFile() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        var batch = try Self.stageTwo(root)
        try batch.stage(Array("c".utf8), to: root + "/two/c.csv")
        #expect(throws: FileSystemError(.rename, path: root + "/two/b.csv", errno: EIO)) {
            try FileIO.$current.withValue(CallLog().io(failRename: "b.csv")) { try batch.commit() }
        }
        #expect(try OutboxFixtures.read(root + "/one/a.csv") == Array("a".utf8))
        #expect(try AtomicFileTests.entries(root + "/two") == [])
        batch.discard()
        #expect(try AtomicFileTests.entries(root + "/one") == ["a.csv"])
    }

    @Test func discardRemovesEveryStagedTemporaryFile() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        var batch = try Self.stageTwo(root)
        batch.discard()
        #expect(try AtomicFileTests.entries(root + "/one") == [])
        #expect(try AtomicFileTests.entries(root + "/two") == [])
        try batch.commit()
        #expect(try AtomicFileTests.entries(root + "/one") == [], "nothing left to commit")
    }

    @Test func stageIfChangedLeavesAnIdenticalFileAlone() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let path = root + "/s.json"
        try AtomicFile.write(Array("{}".utf8), to: path)
        let before = try #require(AtomicFileTests.inodeAndMtime(path))
        var batch = AtomicBatch()
        #expect(try batch.stageIfChanged(Array("{}".utf8), to: path) == .unchanged)
        #expect(try batch.stageIfChanged(Array("[]".utf8), to: root + "/t.json") == .written)
        try batch.commit()
        #expect(AtomicFileTests.inodeAndMtime(path)! == before)
        #expect(batch.paths == [root + "/t.json"])
    }
}
