import Foundation
import Testing

@testable import ReconcileKit

/// SPEC §2's pre-check: a night reads only the inbox files whose `stat` changed since their bytes
/// were hashed; the rest are known by their stamp. Real files, a real SQLite state, the real clock.
@Suite struct FileStampTests {
    static let asOf: Int64 = 1_793_491_200  // 2026-11-01T00:00:00Z
    static let old = Date(timeIntervalSince1970: 1_780_000_000)

    static func checkout(_ id: String) -> String {
        OpsFixtures.checkout(id, tenant: "tnt_a", date: "2027-05-01", created: 1_788_000_000) + "\n"
    }

    static func writeInbox(_ dir: TemporaryDirectory) throws {
        try dir.write(
            "inbox/platform/tenants.ndjson",
            #"{"object":"tenant","id":"tnt_a","slug":"a","name":"A Venue","commissionPercent":"10","exportedAt":"2026-08-01T00:00:00Z"}"#
                + "\n", modified: old)
        try dir.write("inbox/webhooks/a.ndjson", checkout("evt_stamp1"), modified: old)
        try dir.write("inbox/webhooks/b.json", checkout("evt_stamp2"), modified: old)
    }

    /// One run; `now` is the wall clock the scan sees (the files were written just before).
    static func run(_ dir: TemporaryDirectory, now: Int64) throws -> (RunOutcome, RunProgress) {
        var config = RunConfiguration(
            inbox: dir.path + "/inbox", outbox: dir.path + "/outbox", state: dir.path + "/state",
            asOf: asOf, now: now, settleSeconds: 0, jobs: 2)
        let progress = RunProgress()
        config.progress = progress
        return (try Runner(configuration: config).run(), progress)
    }

    static func stamps(_ dir: TemporaryDirectory) throws -> [String: FileStampTable.Entry] {
        let db = try StateDatabase(opening: .sqlite(path: dir.path + "/state/state.sqlite"))
        return try db.fileStamps.lookup(["platform/tenants.ndjson", "webhooks/a.ndjson", "webhooks/b.json"])
    }

    /// The wall clock well after the files' last change: their stamps have settled.
    static var later: Int64 { Clock.now() + 60 }

    @Test func anUnchangedFileIsKnownByItsStampAndNotReadAgain() throws {
        let dir = try TemporaryDirectory()
        try Self.writeInbox(dir)
        let (first, firstProgress) = try Self.run(dir, now: Self.later)
        #expect(first.report.files.skippedAlreadySeen == 0)
        #expect(firstProgress.bytesRead > 0)
        let stamps = try Self.stamps(dir)
        #expect(stamps.count == 3)
        let b = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/inbox/webhooks/b.json"))
        #expect(
            stamps["webhooks/b.json"]?.file == ObjectID(digestOf: Array(b)),
            "the stamp names the hash of the bytes read")

        let (second, progress) = try Self.run(dir, now: Self.later)
        #expect(progress.bytesRead == 0, "no file was read")
        #expect(progress.filesRead == 3, "each is counted as done for the progress line")
        #expect(second.bytesRead == 0)
        #expect(second.report.files.skippedAlreadySeen == 3)
        #expect(second.newRecords == 0)
    }

    @Test func aFileWrittenAgainInPlaceWithTheSameSizeAndModificationTimeIsReadAgain() throws {
        let dir = try TemporaryDirectory()
        try Self.writeInbox(dir)
        _ = try Self.run(dir, now: Self.later)
        let path = dir.path + "/inbox/webhooks/b.json"
        let before = try #require(try Self.stamps(dir)["webhooks/b.json"])
        // Same length, other event; the same inode; the modification time set back: only the change
        // time, which no tool can set, tells.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data(Self.checkout("evt_stamp3").utf8))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: Self.old], ofItemAtPath: path)
        var st = stat()
        #expect(stat(path, &st) == 0)
        let now = FileStamp(st)
        #expect(
            now.size == before.stamp.size && now.modifiedNanos == before.stamp.modifiedNanos
                && now.inode == before.stamp.inode)
        #expect(now.changedNanos != before.stamp.changedNanos, "a run lies between the two writes")

        let (second, progress) = try Self.run(dir, now: Self.later)
        #expect(progress.bytesRead == Int64(now.size), "only the rewritten file is read")
        #expect(second.newRecords == 1, "its new event is ingested")
        #expect(try Self.stamps(dir)["webhooks/b.json"]?.stamp == now)
    }

    @Test func aFileReplacedByAnotherIsReadAgain() throws {
        let dir = try TemporaryDirectory()
        try Self.writeInbox(dir)
        _ = try Self.run(dir, now: Self.later)
        // Another file of the same size and time renamed over it: a new inode.
        try dir.write("inbox/webhooks/.next", Self.checkout("evt_stamp4"), modified: Self.old)
        #expect(rename(dir.path + "/inbox/webhooks/.next", dir.path + "/inbox/webhooks/a.ndjson") == 0)
        let (second, _) = try Self.run(dir, now: Self.later)
        #expect(second.newRecords == 1)
        #expect(second.report.files.skippedAlreadySeen == 2)
    }

    @Test func aStampTooRecentToTrustIsNotRememberedAndTheFileIsHashedAgain() throws {
        let dir = try TemporaryDirectory()
        try Self.writeInbox(dir)
        // The scan's clock is the files' change time: a write within the same tick would keep the stamp.
        _ = try Self.run(dir, now: Clock.now())
        #expect(try Self.stamps(dir).isEmpty)
        let (second, progress) = try Self.run(dir, now: Self.later)
        #expect(progress.bytesRead > 0, "read and hashed again")
        #expect(second.report.files.skippedAlreadySeen == 3, "and known by the hash")
        #expect(try Self.stamps(dir).count == 3, "remembered now that they have settled")
    }

    @Test func aQuarantinedFileIsNotRememberedAndIsTriedAgain() throws {
        let dir = try TemporaryDirectory()
        try Self.writeInbox(dir)
        try dir.write("inbox/webhooks/broken.json", #"{"id": "evt_x", "object": "#, modified: Self.old)
        let (first, _) = try Self.run(dir, now: Self.later)
        #expect(first.report.files.quarantined.count == 1)
        let (second, _) = try Self.run(dir, now: Self.later)
        #expect(second.report.files.quarantined.map(\.path) == ["webhooks/broken.json"])
    }

    @Test func theRunRootDoesNotDependOnTheStamps() throws {
        // The same inbox and nights with and without stamps remembered: the same chain.
        var roots: [ObjectID?] = []
        let later = Self.later
        for now in [later, Clock.now() - 3600] {
            let dir = try TemporaryDirectory()
            try Self.writeInbox(dir)
            _ = try Self.run(dir, now: now)
            try dir.write("inbox/webhooks/c.json", Self.checkout("evt_stamp5"), modified: Self.old)
            let (second, _) = try Self.run(dir, now: now)
            #expect(try Self.stamps(dir).isEmpty == (now != later))
            roots.append(second.report.root)
        }
        #expect(roots[0] != nil && roots[0] == roots[1])
    }
}

extension RunOutcome {
    fileprivate var newRecords: Int { report.records.reduce(0) { $0 + $1.counts.new } }
}
