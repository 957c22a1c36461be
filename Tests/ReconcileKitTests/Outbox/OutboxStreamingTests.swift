import Foundation
import Testing

@testable import ReconcileKit

/// The large run files are rendered straight to bytes, in slices on several threads, and streamed
/// to their temporary files in chunks; none of that may change a byte.
@Suite struct OutboxStreamingTests {
    /// A report with `exceptions` exceptions over a few kinds and tenants, given in a scrambled
    /// order with ties (same kind, tenant and booking), and every other list non-empty.
    static func bigReport(exceptions count: Int) -> RunReport {
        let kinds: [ExceptionKind] = [.unsettledBooking, .amountMismatch, .missingInPlatform, .statementNotWritten]
        let exceptions = (0..<count).map { i in
            let n = (i * 7919) % count
            return ReconciliationException(
                kind: kinds[n % kinds.count], tenantID: TenantID("tnt_\(n % 13)"),
                bookingID: n % 5 == 0 ? nil : "bk_\(n % 97)",
                eventID: n % 3 == 0 ? nil : "evt_\(n)", expected: n % 4 == 0 ? nil : Cents(n * 10 - 5000),
                actual: Cents(n % 11), currency: n % 2 == 0 ? "usd" : nil,
                detail: n % 17 == 0 ? "needs \"quotes\", commas\nand a line" : "=formula \(n % 3)")
        }
        let r = OutboxFixtures.report
        return RunReport(
            runID: r.runID, asOf: r.asOf, root: r.root, parentRoot: r.parentRoot, files: r.files, records: r.records,
            events: r.events, backfilled: r.backfilled, rejected: r.rejected, replacedRejections: r.replacedRejections,
            exceptions: exceptions,
            settlement: r.settlement)
    }

    @Test func reportJSONIsThePrettyEncodingOfItsValue() {
        for report in [OutboxFixtures.report, RunReportTests.empty, Self.bigReport(exceptions: 50)] {
            #expect(report.renderJSON() == PrettyJSON.encode(report.jsonValue))
        }
    }

    @Test(arguments: [1, 2, 5])
    func largeRunFilesAreTheSameForAnyNumberOfThreads(jobs: Int) {
        let report = Self.bigReport(exceptions: 9_000)  // more than two slices
        var json = ByteOutput()
        var csv = ByteOutput()
        report.renderJSON(to: &json, jobs: jobs)
        report.renderExceptionsCSV(to: &csv, jobs: jobs)
        #expect(json.bytes == PrettyJSON.encode(report.jsonValue))
        var expectedCSV = CSVWriter()
        expectedCSV.header(RunReport.exceptionsCSVColumns)
        for e in report.exceptions {
            func text(_ s: String?) -> CSVCell { s.map { .text($0) } ?? .empty }
            func amount(_ c: Cents?) -> CSVCell { c.map { .amount($0) } ?? .empty }
            let ledgerSide = e.bookingID != nil
            let other =
                e.source == .bank
                ? 2 : e.source == .checkoutMetadata ? 3 : e.source == nil && e.kind == .unmatchedBankCredit ? 2 : 1
            var amounts: [Cents?] = [ledgerSide ? e.expected : nil, ledgerSide ? nil : e.expected, nil, nil]
            if let actual = e.actual { amounts[other] = actual }
            expectedCSV.row(
                [
                    .text(e.kind.rawValue), .text(e.tenantID.rawValue), text(e.source?.rawValue), text(e.bookingID),
                    text(e.eventID),
                    text(e.platformBookingID), text(e.bankEntryID), text(e.bankBookingDate), text(e.bankReference),
                    text(e.bankAccount), text(e.currency?.uppercased()),
                ] + amounts.map(amount)
                    + [amount(e.differenceCents), .text(e.detail), .empty, .empty, .empty, .empty])
        }
        #expect(csv.bytes == expectedCSV.bytes)
    }

    @Test func exceptionsAreInTheOrderOfAStableSortByReportOrder() {
        let report = Self.bigReport(exceptions: 3_000)
        let given = (0..<3_000).map { report.exceptions[($0 * 1_009) % 3_000] }
        var table = ExceptionTable(given)
        table.sortInReportOrder()
        #expect(table.exceptions == given.sorted { ReconciliationException.reportOrder($0, $1) })
    }

    @Test func aStreamedFileArrivesWholeInChunks() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let line = Array("0123456789abcdef\n".utf8)
        var expected: [UInt8] = []
        for _ in 0..<200_000 { expected += line }  // 3.4 MB: several 1 MiB chunks
        var batch = AtomicBatch()
        let outcome = try batch.stageIfChanged(to: root + "/runs/r/big.txt") { out in
            for _ in 0..<200_000 {
                out.bytes += line
                out.flushIfFull()
            }
        }
        #expect(outcome == .written)
        #expect(!FileManager.default.fileExists(atPath: root + "/runs/r/big.txt"))
        try batch.commit()
        #expect(try OutboxFixtures.read(root + "/runs/r/big.txt") == expected)
    }

    @Test func aStreamedFileThatIsAlreadyThereIsLeftAlone() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let path = root + "/report.md"
        try AtomicFile.write(Array("same\n".utf8), to: path)
        let before = try #require(AtomicFileTests.inodeAndMtime(path))
        var batch = AtomicBatch()
        #expect(try batch.stageIfChanged(to: path) { $0.bytes += Array("same\n".utf8) } == .unchanged)
        #expect(try batch.stageIfChanged(to: path) { $0.bytes += Array("other\n".utf8) } == .written)
        let after = try #require(AtomicFileTests.inodeAndMtime(path))
        #expect(after == before, "nothing renamed before the commit")
        try batch.commit()
        #expect(try OutboxFixtures.read(path) == Array("other\n".utf8))
    }

    @Test func aWriteFailingMidStreamFailsTheStageAndLeavesNoTemporaryFile() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let plan = try #require(FaultPlan(parsing: "write:2:ENOSPC"))
        var batch = AtomicBatch()
        #expect(throws: FileSystemError.self) {
            try FileIO.$current.withValue(FileIO.failing(plan)) {
                try batch.stageIfChanged(to: root + "/big.txt") { out in
                    for _ in 0..<3 {
                        out.bytes += [UInt8](repeating: 0x41, count: 1 << 20)
                        out.flushIfFull()
                    }
                }
            }
        }
        #expect(try AtomicFileTests.entries(root) == [])
        #expect(batch.paths == [])
    }

    @Test(arguments: [1, 4])
    func theOutboxIsTheSameForAnyNumberOfThreads(jobs: Int) throws {
        let root = try OutboxFixtures.temporaryFolder()
        let reference = try OutboxFixtures.temporaryFolder()
        defer {
            OutboxFixtures.remove(root)
            OutboxFixtures.remove(reference)
        }
        let statements = (0..<9).map { i in
            let s = OutboxFixtures.statement
            return CommissionStatement(
                tenantID: TenantID("tnt_\(i)"), tenantName: s.tenantName, month: i < 5 ? "2026-09" : "2026-08",
                currency: s.currency, lines: Array(s.lines.prefix(i % 6 + 1)))
        }
        let report = Self.bigReport(exceptions: 5_000)
        let a = try OutboxWriter(root: root, jobs: jobs).write(report: report, statements: statements)
        let b = try OutboxWriter(root: reference, jobs: 1).write(report: report, statements: statements.reversed())
        #expect(a == b)
        for file in a.files {
            #expect(
                try OutboxFixtures.read(root + "/" + file.path) == OutboxFixtures.read(reference + "/" + file.path),
                "\(file.path)")
        }
    }
}
