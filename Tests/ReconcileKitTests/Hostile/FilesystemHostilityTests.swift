import Foundation
import Testing

@testable import ReconcileKit

/// Filesystem hostility, in process: what the inbox may hold besides plain files, and files
/// that change between the scan and the read. Real files, links and FIFOs; no timing.
@Suite(.timeLimit(.minutes(1))) struct FilesystemHostilityTests {
    static let event = "provider-event.json"

    /// A temporary folder with an `inbox/` holding one good event file (`a.json`).
    func makeInbox() throws -> (TemporaryDirectory, String) {
        let dir = try TemporaryDirectory()
        let inbox = dir.path + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let fixture = Bundle.module.url(
            forResource: "provider-event", withExtension: "json", subdirectory: "Fixtures/decoding")!
        try FileManager.default.copyItem(atPath: fixture.path, toPath: inbox + "/a.json")
        return (dir, inbox)
    }

    func scan(_ inbox: String) throws -> InboxScan {
        try InboxScanner(root: inbox, settleSeconds: 0, now: 2_000_000_000).scan()
    }

    func ingest(_ scan: InboxScan) throws -> IngestResult {
        var index = RecordIndex()
        return try Ingestion(runID: "fs", limits: .standard, jobs: 1).ingest(scan, index: &index) { _, _ in
            TenantDirectory(versions: [])
        }
    }

    @Test func aFIFOInTheInboxIsSkippedNotWaitedOn() throws {
        let (dir, inbox) = try makeInbox()
        defer { withExtendedLifetime(dir) {} }
        #expect(mkfifo(inbox + "/pipe.json", 0o600) == 0)
        let scanned = try scan(inbox)
        #expect(scanned.files.map(\.relativePath) == ["a.json"])
        #expect(scanned.skipped.contains(.unreadable(relativePath: "pipe.json", reason: "not a regular file")))
        #expect(try ingest(scanned).ingested.count == 1)
    }

    @Test func aFileReplacedByAFIFOAfterTheScanIsQuarantinedNotWaitedOn() throws {
        let (dir, inbox) = try makeInbox()
        let scanned = try scan(inbox)
        #expect(mkfifo(dir.path + "/fifo", 0o600) == 0)
        #expect(rename(dir.path + "/fifo", inbox + "/a.json") == 0)
        let result = try ingest(scanned)
        #expect(result.ingested.isEmpty)
        #expect(result.quarantined.map(\.path) == ["a.json"])
        #expect(result.quarantined.first?.reason.contains("changed while being read") == true, "\(result.quarantined)")
    }

    @Test func aFileReplacedByALinkOutOfTheInboxAfterTheScanIsNotRead() throws {
        let (dir, inbox) = try makeInbox()
        let outside = dir.path + "/secret.json"
        try Data(#"{"object":"event","id":"evt_outside","type":"x","created":1,"data":{"object":{}}}"#.utf8).write(
            to: URL(fileURLWithPath: outside))
        let scanned = try scan(inbox)
        #expect(unlink(inbox + "/a.json") == 0)
        #expect(symlink(outside, inbox + "/a.json") == 0)
        let result = try ingest(scanned)
        #expect(result.ingested.isEmpty, "the bytes outside the inbox were read")
        #expect(result.admitted.isEmpty)
        #expect(result.quarantined.map(\.path) == ["a.json"])
    }

    @Test func aFileThatVanishesAfterTheScanIsQuarantinedAsNotFoundAndTheRunGoesOn() throws {
        let (dir, inbox) = try makeInbox()
        defer { withExtendedLifetime(dir) {} }
        try Data("{}".utf8).write(to: URL(fileURLWithPath: inbox + "/b.json"))
        let scanned = try scan(inbox)
        #expect(unlink(inbox + "/b.json") == 0)
        let result = try ingest(scanned)
        #expect(result.ingested.map(\.file.relativePath) == ["a.json"])
        #expect(result.quarantined.map(\.path) == ["b.json"])
        #expect(result.quarantined.first?.reason.hasPrefix("not found") == true)
        #expect(result.quarantined.first?.sha256 == nil, "nothing was read, so there is no hash")
    }

    @Test func aFileRewrittenAfterTheScanIsReadAsItIsNowAndHashedSo() throws {
        let (dir, inbox) = try makeInbox()
        let scanned = try scan(inbox)
        let other = Bundle.module.url(
            forResource: "checkout-pretty", withExtension: "json", subdirectory: "Fixtures/decoding")!
        let bytes = try Data(contentsOf: other)
        try bytes.write(to: URL(fileURLWithPath: dir.path + "/new"))
        #expect(rename(dir.path + "/new", inbox + "/a.json") == 0)
        let result = try ingest(scanned)
        #expect(result.ingested.first?.sha256 == ObjectID(digestOf: Array(bytes)), "the hash is of the bytes read")
    }

    /// A bank report is read twice: once to tell it from JSON, then again once the JSON files are
    /// admitted (its bytes are not held in between). Rewritten in between, it waits for the next run.
    @Test func aBankReportRewrittenBeforeItsSecondReadIsQuarantinedAsChanged() throws {
        let (dir, inbox) = try makeInbox()
        defer { withExtendedLifetime(dir) {} }
        let camt = Bundle.module.url(
            forResource: "camt053_v02_bankB", withExtension: "xml", subdirectory: "Fixtures/bank")!
        try FileManager.default.copyItem(atPath: camt.path, toPath: inbox + "/bank.xml")
        let scanned = try scan(inbox)
        var index = RecordIndex()
        let result = try Ingestion(runID: "fs", limits: .standard, jobs: 2).ingest(scanned, index: &index) { _, _ in
            // Called once the JSON files are admitted, before the bank reports are read again.
            try! Data((try! String(contentsOf: camt, encoding: .utf8) + "<!-- appended -->\n").utf8)
                .write(to: URL(fileURLWithPath: inbox + "/bank.xml"))
            return TenantDirectory(versions: [])
        }
        #expect(result.ingested.map(\.file.relativePath) == ["a.json"])
        #expect(result.quarantined.map(\.path) == ["bank.xml"])
        #expect(result.quarantined.first?.reason.contains("changed while being read") == true, "\(result.quarantined)")
        #expect(result.admitted.allSatisfy { $0.key.kind == .event }, "nothing of the changed report was admitted")
    }

    @Test func aBankReportIsAdmittedAfterTheJSONFilesWhateverItsName() throws {
        let (dir, inbox) = try makeInbox()
        defer { withExtendedLifetime(dir) {} }
        let camt = Bundle.module.url(
            forResource: "camt053_v02_bankB", withExtension: "xml", subdirectory: "Fixtures/bank")!
        try FileManager.default.copyItem(atPath: camt.path, toPath: inbox + "/0-bank.xml")
        let result = try ingest(try scan(inbox))
        #expect(result.ingested.map(\.file.relativePath) == ["a.json", "0-bank.xml"])
        #expect(result.quarantined.isEmpty, "\(result.quarantined)")
    }

    @Test func symbolicLinksAreFollowedOnlyInsideTheInbox() throws {
        let (dir, inbox) = try makeInbox()
        try FileManager.default.createDirectory(atPath: dir.path + "/elsewhere", withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: dir.path + "/elsewhere/x.json"))
        #expect(symlink("a.json", inbox + "/inside-link.json") == 0)
        #expect(symlink(dir.path + "/elsewhere/x.json", inbox + "/outside-link.json") == 0)
        #expect(symlink(dir.path + "/elsewhere", inbox + "/outside-folder") == 0)
        #expect(symlink("missing.json", inbox + "/dangling.json") == 0)
        #expect(symlink("loop.json", inbox + "/loop.json") == 0)
        #expect(symlink(".", inbox + "/self") == 0)
        let scanned = try scan(inbox)
        #expect(scanned.files.map(\.relativePath) == ["a.json", "inside-link.json"])
        for name in ["outside-link.json", "outside-folder", "dangling.json", "loop.json", "self"] {
            #expect(scanned.skipped.contains(.linkNotFollowed(relativePath: name)), "\(name): \(scanned.skipped)")
        }
        let result = try ingest(scanned)
        #expect(result.ingested.count == 1, "a link to a file already read is the same bytes, read once")
        #expect(result.alreadySeen.map(\.relativePath) == ["inside-link.json"])
    }

    @Test func aHardLinkIsTheSameBytesAndIsIngestedOnce() throws {
        let (dir, inbox) = try makeInbox()
        defer { withExtendedLifetime(dir) {} }
        #expect(link(inbox + "/a.json", inbox + "/b-hardlink.json") == 0)
        let result = try ingest(try scan(inbox))
        #expect(result.ingested.map(\.file.relativePath) == ["a.json"])
        #expect(result.alreadySeen.map(\.relativePath) == ["b-hardlink.json"])
        #expect(result.admitted.filter { $0.outcome == .new }.count == 1)
    }

    @Test func anUnreadableFileIsQuarantinedUnlessTheRunIsRoot() throws {
        let (dir, inbox) = try makeInbox()
        defer { withExtendedLifetime(dir) {} }
        #expect(chmod(inbox + "/a.json", 0) == 0)
        let result = try ingest(try scan(inbox))
        if getuid() == 0 {
            // Root reads through mode 000; the fault seam covers unreadable storage instead.
            #expect(result.ingested.count == 1)
        } else {
            #expect(result.quarantined.map(\.path) == ["a.json"])
            #expect(result.quarantined.first?.reason.contains("Permission denied") == true)
        }
    }

    @Test(arguments: [
        "week 1.ndjson", "café ☕ 2026.json", "new\nline.json", "tab\tand \"quote\".json", "-dash.json",
        "semi;colon,comma.json",
    ])
    func namesWithSpacesUnicodeAndNewlinesAreReadAndReportedByTheirName(name: String) throws {
        let (dir, inbox) = try makeInbox()
        defer { withExtendedLifetime(dir) {} }
        #expect(rename(inbox + "/a.json", inbox + "/" + name) == 0)
        try Data("not json\n".utf8).write(to: URL(fileURLWithPath: inbox + "/" + name + ".bad"))
        let result = try ingest(try scan(inbox))
        #expect(result.ingested.map(\.file.relativePath) == [name])
        #expect(result.quarantined.map(\.path) == [name + ".bad"])
    }
}
