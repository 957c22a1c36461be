import Foundation
import Testing
@testable import ReconcileKit

@Suite struct RunNotesTests {
    @Test func notesWarnAboutEachProblemAndNeverQuoteCustomerData() throws {
        let dir = try TemporaryDirectory()
        let outcome = try OpsFixtures.run(in: dir)
        let warnings = outcome.notes.filter { $0.level == .warning }.map(\.message)
        #expect(warnings == [
            "quarantined 'webhooks/broken.json' at \(outcome.report.files.quarantined[0].location!): \(outcome.report.files.quarantined[0].reason)",
            "event evt_ops2 of tnt_ghost FAILED: Unknown tenant",
        ])
        #expect(outcome.notes.last?.level == .info)
        #expect(outcome.notes.last?.message.hasPrefix("committed run \(outcome.report.runID) root ") == true)
        for note in outcome.notes {
            #expect(!note.message.contains("someone@example.com") && !note.message.contains("A & B"), "\(note.message)")
            #expect(!note.message.contains("\n"))
        }
    }

    @Test func aCleanRunHasNothingAtWarningLevel() throws {
        let dir = try TemporaryDirectory()
        _ = try OpsFixtures.run(in: dir)
        try FileManager.default.removeItem(atPath: dir.path + "/inbox/webhooks/broken.json")
        let config = RunConfiguration(inbox: dir.path + "/inbox", outbox: dir.path + "/outbox", state: dir.path + "/state",
                                      asOf: OpsFixtures.asOf, now: OpsFixtures.asOf, settleSeconds: 0, jobs: 1)
        let again = try Runner(configuration: config).run()
        #expect(again.exitStatus == .clean)
        #expect(again.notes.allSatisfy { $0.level < .warning })
    }

    @Test func progressCountsFilesBytesAndRecordsAndFormatsALine() throws {
        let dir = try TemporaryDirectory()
        _ = try OpsFixtures.run(in: dir)  // writes the inbox
        let progress = RunProgress()
        var config = RunConfiguration(inbox: dir.path + "/inbox", outbox: dir.path + "/outbox2", state: dir.path + "/state2",
                                      asOf: OpsFixtures.asOf, now: OpsFixtures.asOf, settleSeconds: 0, jobs: 2)
        config.progress = progress
        let outcome = try Runner(configuration: config).run()
        #expect(progress.filesTotal == 3 && progress.filesRead == 3)
        #expect(progress.bytesRead == outcome.bytesRead)
        #expect(progress.recordsDecoded == 3)
        #expect(ProgressLine.text(progress, elapsedNanoseconds: 9_000_000_000, readingNanoseconds: 2_000_000_000)
            == "read 3 files · 0.0 MB · 0.0 MB/s · 2 records/s · processing…")
        let fresh = RunProgress()
        fresh.scanned(files: 4)
        fresh.read(bytes: 3_000_000)
        fresh.decoded(records: 500)
        #expect(ProgressLine.text(fresh, elapsedNanoseconds: 2_000_000_000) == "reading 1/4 files · 3.0 MB · 1.5 MB/s · 250 records/s")
        #expect(ProgressLine.one(12.345) == "12.3")
    }
}
