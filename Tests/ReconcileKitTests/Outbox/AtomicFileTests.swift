import Foundation
import Testing

@testable import ReconcileKit

@Suite struct AtomicFileTests {
    static func entries(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    static func inodeAndMtime(_ path: String) -> (UInt64, Int, Int)? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
            let m = info.st_mtimespec
        #else
            let m = info.st_mtim
        #endif
        return (UInt64(info.st_ino), Int(m.tv_sec), Int(m.tv_nsec))
    }

    @Test func writeCreatesMissingFoldersAndLeavesNoTemporaryFile() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let path = root + "/a/b/c.txt"
        try AtomicFile.write(Array("hello".utf8), to: path)
        #expect(try OutboxFixtures.read(path) == Array("hello".utf8))
        #expect(try Self.entries(root + "/a/b") == ["c.txt"])
    }

    @Test func writeReplacesContentWithANewFile() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let path = root + "/f.csv"
        try AtomicFile.write(Array("old content, longer".utf8), to: path)
        let before = try #require(Self.inodeAndMtime(path))
        try AtomicFile.write(Array("new".utf8), to: path)
        #expect(try OutboxFixtures.read(path) == Array("new".utf8))
        #expect(Self.inodeAndMtime(path)?.0 != before.0, "replaced by rename, not rewritten in place")
        #expect(try Self.entries(root) == ["f.csv"])
    }

    @Test func writeIfChangedLeavesIdenticalFileAlone() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let path = root + "/s.json"
        #expect(try AtomicFile.writeIfChanged(Array("{}".utf8), to: path) == .written)
        let before = try #require(Self.inodeAndMtime(path))
        #expect(try AtomicFile.writeIfChanged(Array("{}".utf8), to: path) == .unchanged)
        let after = try #require(Self.inodeAndMtime(path))
        #expect(after == before)
        #expect(try AtomicFile.writeIfChanged(Array("{ }".utf8), to: path) == .written)
        #expect(try OutboxFixtures.read(path) == Array("{ }".utf8))
        #expect(try Self.entries(root) == ["s.json"])
    }

    @Test func writingEmptyBytesGivesAnEmptyFile() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        try AtomicFile.write([], to: root + "/empty")
        #expect(try OutboxFixtures.read(root + "/empty") == [])
    }

    @Test func failureNamesThePathAndTheSystemReason() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        try AtomicFile.write(Array("x".utf8), to: root + "/file")
        do {
            try AtomicFile.write(Array("y".utf8), to: root + "/file/child.txt")
            Issue.record("writing under a regular file must fail")
        } catch {
            #expect(error.operation == .createDirectory)
            #expect(error.path == root + "/file")
            #expect(error.description == "cannot create folder '\(root)/file': File exists")
        }
        #expect(try Self.entries(root) == ["file"])
    }

    @Test func replaceSymlinkSwitchesTheTargetAtomically() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        try AtomicFile.createDirectories(root + "/runs/r1")
        try AtomicFile.createDirectories(root + "/runs/r2")
        try AtomicFile.replaceSymlink(at: root + "/runs/latest", pointingTo: "r1")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/runs/latest") == "r1")
        try AtomicFile.replaceSymlink(at: root + "/runs/latest", pointingTo: "r2")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/runs/latest") == "r2")
        #expect(try Self.entries(root + "/runs") == ["latest", "r1", "r2"])
    }

    @Test func replaceSymlinkRefusesToReplaceARealFolder() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        try AtomicFile.createDirectories(root + "/runs/latest")
        #expect(throws: FileSystemError.self) {
            try AtomicFile.replaceSymlink(at: root + "/runs/latest", pointingTo: "r1")
        }
        #expect(try Self.entries(root + "/runs") == ["latest"])
    }

    @Test(arguments: [("a/b", "a", "b"), ("/x", "/", "x"), ("name", ".", "name"), ("a/b/", "a", "b")])
    func splitSeparatesFolderAndName(path: String, folder: String, name: String) {
        #expect(AtomicFile.split(path) == (folder, name))
    }

    @Test func temporaryNamesAreHiddenAndUnique() {
        let a = AtomicFile.temporaryName(for: "report.json")
        let b = AtomicFile.temporaryName(for: "report.json")
        #expect(a.hasPrefix(".report.json."))
        #expect(a.hasSuffix(".tmp"))
        #expect(a != b)
    }
}
