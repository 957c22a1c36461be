import Foundation
import Testing

@testable import ReconcileKit

@Suite struct RunNotesTests {
    @Test func notesWarnAboutEachProblemAndNeverQuoteCustomerData() throws {
        let dir = try TemporaryDirectory()
        let outcome = try OpsFixtures.run(in: dir)
        let warnings = outcome.notes.filter { $0.level == .warning }.map(\.message)
        #expect(
            warnings == [
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

    @Test func aRunWithManyFailedEventsLogsTheFirstOnesAndCountsTheRest() throws {
        let dir = try TemporaryDirectory()
        let failing = RunNote.linesPerKind + 7
        let lines = (0..<failing).map { n in
            OpsFixtures.checkout(
                "evt_f\(1000 + n)", tenant: "tnt_ghost", date: "2027-06-01", created: 1_788_000_000 + Int64(n))
        }
        try dir.write("inbox/webhooks/ghosts.ndjson", lines.joined(separator: "\n") + "\n", modified: OpsFixtures.old)
        let config = RunConfiguration(
            inbox: dir.path + "/inbox", outbox: dir.path + "/outbox", state: dir.path + "/state",
            asOf: OpsFixtures.asOf, now: OpsFixtures.asOf, settleSeconds: 0, jobs: 1)
        let outcome = try Runner(configuration: config).run()

        #expect(outcome.report.events.failed.count == failing)
        let warnings = outcome.notes.filter { $0.level == .warning }.map(\.message)
        #expect(warnings.count == RunNote.linesPerKind + 1)
        #expect(warnings.first == "event evt_f1000 of tnt_ghost FAILED: Unknown tenant")
        #expect(warnings.dropLast().allSatisfy { $0.hasSuffix("FAILED: Unknown tenant") })
        #expect(warnings.last == "and 7 more FAILED events, all listed in \(try #require(outcome.reportPath))")
    }

    @Test func aCleanRunHasNothingAtWarningLevel() throws {
        let dir = try TemporaryDirectory()
        _ = try OpsFixtures.run(in: dir)
        try FileManager.default.removeItem(atPath: dir.path + "/inbox/webhooks/broken.json")
        let config = RunConfiguration(
            inbox: dir.path + "/inbox", outbox: dir.path + "/outbox", state: dir.path + "/state",
            asOf: OpsFixtures.asOf, now: OpsFixtures.asOf, settleSeconds: 0, jobs: 1)
        let again = try Runner(configuration: config).run()
        #expect(again.exitStatus == .clean)
        #expect(again.notes.allSatisfy { $0.level < .warning })
    }

    @Test func progressCountsFilesBytesAndRecordsAndFormatsALine() throws {
        let dir = try TemporaryDirectory()
        _ = try OpsFixtures.run(in: dir)  // writes the inbox
        let progress = RunProgress()
        var config = RunConfiguration(
            inbox: dir.path + "/inbox", outbox: dir.path + "/outbox2", state: dir.path + "/state2",
            asOf: OpsFixtures.asOf, now: OpsFixtures.asOf, settleSeconds: 0, jobs: 2)
        config.progress = progress
        let outcome = try Runner(configuration: config).run()
        #expect(progress.filesTotal == 3 && progress.filesRead == 3)
        #expect(progress.bytesRead == outcome.bytesRead)
        #expect(progress.recordsDecoded == 3)
        #expect(
            ProgressLine.text(progress, elapsedNanoseconds: 9_000_000_000, readingNanoseconds: 2_000_000_000)
                == "read 3 files · 0.0 MB · 0.0 MB/s · 2 records/s · processing…")
        let fresh = RunProgress()
        fresh.scanned(files: 4)
        fresh.read(bytes: 3_000_000)
        fresh.decoded(records: 500)
        #expect(
            ProgressLine.text(fresh, elapsedNanoseconds: 2_000_000_000)
                == "reading 1/4 files · 3.0 MB · 1.5 MB/s · 250 records/s")
        #expect(ProgressLine.one(12.345) == "12.3")
    }
}
