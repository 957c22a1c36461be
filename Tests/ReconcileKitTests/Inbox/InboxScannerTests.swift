import Foundation
import Testing

@testable import ReconcileKit

@Suite struct InboxScannerTests {
    let old = Date(timeIntervalSince1970: 1_700_000_000)
    let now: Int64 = 1_800_000_000

    @Test func filesAreListedRecursivelyInByteOrderOfRelativePath() throws {
        let dir = try TemporaryDirectory()
        for name in ["b.json", "a/z.json", "B.json", "a.json", "a/b/c.json", "é.json"] {
            try dir.write(name, "{}", modified: old)
        }
        let scan = try InboxScanner(root: dir.path, settleSeconds: 2, now: now).scan()
        #expect(scan.files.map(\.relativePath) == ["B.json", "a.json", "a/b/c.json", "a/z.json", "b.json", "é.json"])
    }

    @Test(arguments: [
        ".hidden.json", ".git/config", "upload.tmp", "x.part", "x.partial", "x.crdownload", "backup.json~",
    ])
    func hiddenAndTemporaryNamesAreNotInputs(name: String) throws {
        let dir = try TemporaryDirectory()
        try dir.write(name, "{}", modified: old)
        try dir.write("real.json", "{}", modified: old)
        let scan = try InboxScanner(root: dir.path, settleSeconds: 2, now: now).scan()
        #expect(scan.files.map(\.relativePath) == ["real.json"])
    }

    @Test func aFileModifiedWithinTheSettleTimeIsDeferred() throws {
        let dir = try TemporaryDirectory()
        try dir.write("fresh.json", "{}", modified: Date(timeIntervalSince1970: TimeInterval(now - 1)))
        try dir.write("settled.json", "{}", modified: Date(timeIntervalSince1970: TimeInterval(now - 2)))
        let scan = try InboxScanner(root: dir.path, settleSeconds: 2, now: now).scan()
        #expect(scan.files.map(\.relativePath) == ["settled.json"])
        #expect(scan.skipped == [.deferred(relativePath: "fresh.json", ageSeconds: 1)])
    }

    @Test func symbolicLinksAreNotFollowedOutOfTheInbox() throws {
        let outside = try TemporaryDirectory()
        let secret = try outside.write("secret.json", Array("{}".utf8), modified: old)
        let dir = try TemporaryDirectory()
        try dir.write("inside.json", "{}", modified: old)
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/escape.json", withDestinationPath: secret)
        try FileManager.default.createSymbolicLink(
            atPath: dir.path + "/alias.json", withDestinationPath: dir.path + "/inside.json")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/outdir", withDestinationPath: outside.path)
        let scan = try InboxScanner(root: dir.path, settleSeconds: 2, now: now).scan()
        #expect(scan.files.map(\.relativePath) == ["alias.json", "inside.json"])
        #expect(
            Set(scan.skipped) == [
                .linkNotFollowed(relativePath: "escape.json"), .linkNotFollowed(relativePath: "outdir"),
            ])
    }

    @Test func namesWithSpacesUnicodeAndNewlinesAreRead() throws {
        let dir = try TemporaryDirectory()
        for name in ["with space.json", "naïve ✓.json", "new\nline.json"] { try dir.write(name, "{}", modified: old) }
        let scan = try InboxScanner(root: dir.path, settleSeconds: 2, now: now).scan()
        #expect(scan.files.count == 3)
        for file in scan.files { #expect(try readWholeFile(file.absolutePath) == Array("{}".utf8)) }
    }

    @Test func aMissingInboxIsAnError() throws {
        #expect(throws: FileSystemError.self) {
            try InboxScanner(root: "/nonexistent/inbox", settleSeconds: 2, now: now).scan()
        }
    }
}
