import Foundation
import Testing

@testable import ReconcileKit

@Suite struct OutboxWriterTests {
    static func report(runID: String, asOf: Int64 = OutboxFixtures.asOf) -> RunReport {
        let r = OutboxFixtures.report
        return RunReport(
            runID: runID, asOf: asOf, root: r.root, parentRoot: r.parentRoot, files: r.files, records: r.records,
            events: r.events, backfilled: r.backfilled, rejected: r.rejected, replacedRejections: r.replacedRejections,
            exceptions: r.exceptions,
            settlement: r.settlement)
    }

    static func allFiles(_ root: String) throws -> [String] {
        let e = FileManager.default.enumerator(atPath: root)!
        return e.compactMap { $0 as? String }.sorted()
    }

    @Test func writesTheRunAndStatementLayout() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let result = try OutboxWriter(root: root + "/").write(
            report: OutboxFixtures.report, statements: [OutboxFixtures.statement])
        #expect(
            result.written == [
                "statements/2026-09/tnt_bella.csv", "statements/2026-09/tnt_bella.html",
                "statements/2026-09/tnt_bella.json",
                "statements/2026-09/index.html", "statements/2026-09/summary.csv",
                "runs/20261001T020000Z/exceptions.csv", "runs/20261001T020000Z/report.md",
                "runs/20261001T020000Z/report.json",
            ])
        #expect(result.latest == "runs/20261001T020000Z")
        #expect(
            try Self.allFiles(root) == [
                "runs", "runs/20261001T020000Z", "runs/20261001T020000Z/exceptions.csv",
                "runs/20261001T020000Z/report.json",
                "runs/20261001T020000Z/report.md", "runs/latest",
                "statements", "statements/2026-09", "statements/2026-09/index.html", "statements/2026-09/summary.csv",
                "statements/2026-09/tnt_bella.csv", "statements/2026-09/tnt_bella.html",
                "statements/2026-09/tnt_bella.json",
            ])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/runs/latest") == "20261001T020000Z")
        #expect(try OutboxFixtures.read(root + "/runs/latest/report.json") == OutboxFixtures.report.renderJSON())
        #expect(
            try OutboxFixtures.read(root + "/statements/2026-09/tnt_bella.html")
                == OutboxFixtures.statement.renderHTML(stamp: OutboxFixtures.stamp))
    }

    @Test func identicalInputGivesByteIdenticalOutboxes() throws {
        let a = try OutboxFixtures.temporaryFolder()
        let b = try OutboxFixtures.temporaryFolder()
        defer {
            OutboxFixtures.remove(a)
            OutboxFixtures.remove(b)
        }
        _ = try OutboxWriter(root: a).write(report: OutboxFixtures.report, statements: [OutboxFixtures.statement])
        _ = try OutboxWriter(root: b).write(report: OutboxFixtures.report, statements: [OutboxFixtures.statement])
        let files = try Self.allFiles(a)
        #expect(files == (try Self.allFiles(b)))
        for f in files where !f.hasSuffix("latest") {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: a + "/" + f, isDirectory: &isDir)
            if !isDir.boolValue {
                #expect(try OutboxFixtures.read(a + "/" + f) == OutboxFixtures.read(b + "/" + f), "\(f)")
            }
        }
    }

    @Test func unchangedStatementKeepsItsFilesAndStampOnALaterRun() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let writer = OutboxWriter(root: root)
        _ = try writer.write(report: OutboxFixtures.report, statements: [OutboxFixtures.statement])
        let html = root + "/statements/2026-09/tnt_bella.html"
        let before = try #require(AtomicFileTests.inodeAndMtime(html))

        let next = try writer.write(
            report: Self.report(runID: "20261002T020000Z", asOf: OutboxFixtures.asOf + 86_400),
            statements: [OutboxFixtures.statement])
        #expect(
            next.unchanged == [
                "statements/2026-09/tnt_bella.csv", "statements/2026-09/tnt_bella.html",
                "statements/2026-09/tnt_bella.json",
                "statements/2026-09/index.html", "statements/2026-09/summary.csv",
            ])
        #expect(AtomicFileTests.inodeAndMtime(html)! == before)
        #expect(OutboxFixtures.text(try OutboxFixtures.read(html)).contains("20261001T020000Z"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/runs/latest") == "20261002T020000Z")
    }

    @Test func changedStatementIsRewrittenWithTheNewStamp() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let writer = OutboxWriter(root: root)
        _ = try writer.write(report: OutboxFixtures.report, statements: [OutboxFixtures.statement])
        let s = OutboxFixtures.statement
        let changed = CommissionStatement(
            tenantID: s.tenantID, tenantName: s.tenantName, month: s.month, currency: s.currency,
            lines: s.lines.dropLast())
        let later = Self.report(runID: "20261002T020000Z", asOf: OutboxFixtures.asOf + 86_400)
        let result = try writer.write(report: later, statements: [changed])
        #expect(result.written.filter { $0.hasPrefix("statements/") }.count == 5)
        let stamp = CommissionStatement.GenerationStamp(asOf: later.asOf, runID: later.runID)
        #expect(
            try OutboxFixtures.read(root + "/statements/2026-09/tnt_bella.json") == changed.renderJSON(stamp: stamp))
    }

    @Test func aRenamedTenantsStatementKeepsItsCSVAndRestampsTheOthers() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let writer = OutboxWriter(root: root)
        _ = try writer.write(report: OutboxFixtures.report, statements: [OutboxFixtures.statement])
        let s = OutboxFixtures.statement
        let renamed = CommissionStatement(
            tenantID: s.tenantID, tenantName: "Bella Rose Events", month: s.month, currency: s.currency,
            lines: s.lines)
        let later = Self.report(runID: "20261002T020000Z", asOf: OutboxFixtures.asOf + 86_400)
        let result = try writer.write(report: later, statements: [renamed])
        // The CSV shows no name: its bytes are the same, so it is left alone.
        #expect(
            result.unchanged.filter { $0.hasPrefix("statements/2026-09/tnt_bella") } == [
                "statements/2026-09/tnt_bella.csv"
            ])
        let stamp = CommissionStatement.GenerationStamp(asOf: later.asOf, runID: later.runID)
        #expect(
            try OutboxFixtures.read(root + "/statements/2026-09/tnt_bella.html") == renamed.renderHTML(stamp: stamp))
        #expect(
            try OutboxFixtures.read(root + "/statements/2026-09/tnt_bella.json") == renamed.renderJSON(stamp: stamp))
    }

    @Test func aStatementFileEditedByHandIsRestored() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let writer = OutboxWriter(root: root)
        _ = try writer.write(report: OutboxFixtures.report, statements: [OutboxFixtures.statement])
        try AtomicFile.write(Array("tampered".utf8), to: root + "/statements/2026-09/tnt_bella.csv")
        let result = try writer.write(report: Self.report(runID: "r2"), statements: [OutboxFixtures.statement])
        #expect(result.written.contains("statements/2026-09/tnt_bella.csv"))
        #expect(
            try OutboxFixtures.read(root + "/statements/2026-09/tnt_bella.csv") == OutboxFixtures.statement.renderCSV())
    }

    /// A name the outbox cannot write (from a state an earlier build wrote) skips that statement
    /// alone: the others, the month files and the run's report are written, the report lists it.
    @Test(arguments: [
        "../escape", "a/b", ".hidden", "", "x\u{0}y", "a\nb", String(repeating: "x", count: 201), "index", "SUMMARY",
    ])
    func aStatementWithAnUnwritableTenantIDIsSkippedAndReported(tenant: String) throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let s = OutboxFixtures.statement
        let bad = CommissionStatement(
            tenantID: TenantID(tenant), tenantName: s.tenantName, month: s.month, currency: s.currency, lines: s.lines)
        let result = try OutboxWriter(root: root).write(report: OutboxFixtures.report, statements: [s, bad])
        #expect(result.skipped.map(\.tenant) == [TenantID(tenant)])
        #expect(result.skipped.first?.warning.hasPrefix("statement of tenant ") == true)
        #expect(result.skipped.first?.warning.contains("\n") == false, "a log line stays one line")
        let files = try Self.allFiles(root)
        #expect(files.contains("statements/2026-09/tnt_bella.csv"))
        #expect(
            files.filter { $0.hasPrefix("statements/2026-09/") }.count == 5,
            "bella's three files and the month's two: \(files)")
        #expect(
            files.allSatisfy { $0 == "statements" || $0.hasPrefix("statements/2026-09") || $0.hasPrefix("runs") },
            "\(files)")
        #expect(!FileManager.default.fileExists(atPath: root + "/../escape.csv"))
        let written = try #require(result.report)
        #expect(try OutboxFixtures.read(root + "/runs/latest/report.json") == written.renderJSON())
        let listed = written.exceptions.filter { $0.kind == .statementNotWritten }
        #expect(listed.map(\.tenantID) == [TenantID(tenant)])
        #expect(listed.first?.detail.hasPrefix("statement for \"2026-09\" not written: its tenant id ") == true)
        #expect(
            !String(decoding: try OutboxFixtures.read(root + "/statements/2026-09/index.html"), as: UTF8.self).contains(
                "escape"))
    }

    @Test(arguments: ["latest", "..", "2026/10", ".run"])
    func unsafeRunIDWritesNothing(runID: String) throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        do {
            _ = try OutboxWriter(root: root).write(
                report: Self.report(runID: runID), statements: [OutboxFixtures.statement])
            Issue.record("run id \(runID) must be refused")
        } catch {
            guard case .invalidName(.runID, runID, _) = error else {
                Issue.record("\(error)")
                return
            }
        }
        #expect(try Self.allFiles(root) == [])
    }

    @Test func aBadMonthIsSkippedAndDuplicateStatementsAreRefused() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let s = OutboxFixtures.statement
        let badMonth = CommissionStatement(
            tenantID: s.tenantID, tenantName: s.tenantName, month: "../../etc", currency: s.currency, lines: [])
        let result = try OutboxWriter(root: root).write(report: OutboxFixtures.report, statements: [badMonth])
        #expect(result.skipped == [try #require(SkippedStatement(badMonth))])
        #expect(result.skipped.first?.reason == "month is not a YYYY-MM month")
        #expect(try Self.allFiles(root).allSatisfy { $0.hasPrefix("runs") })
        let other = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(other) }
        #expect(throws: OutboxError.duplicateStatement(tenant: s.tenantID, month: s.month)) {
            _ = try OutboxWriter(root: other).write(report: OutboxFixtures.report, statements: [s, s])
        }
        #expect(try Self.allFiles(other) == [])
    }

    @Test func errorTextQuotesControlCharactersSafely() {
        let e = OutboxError.invalidName(.tenantID, "a\nb", .containsControl)
        #expect(e.description == "cannot use tenant id \"a\\u{a}b\" in an outbox path: it contains a control character")
    }
}

@Suite struct OutboxWriterDurabilityTests {
    @Test func aWholeWriteHasOneBarrierBeforeAnyRenameAndMovesLatestLast() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let log = CallLog()
        _ = try FileIO.$current.withValue(log.io()) {
            try OutboxWriter(root: root).write(report: OutboxFixtures.report, statements: [OutboxFixtures.statement])
        }
        let calls = log.entries
        let barrier = try #require(calls.firstIndex(of: "syncfs"))
        #expect(calls.filter { $0 == "syncfs" }.count == 1)
        #expect(!calls.contains { $0.hasPrefix("fsync .") }, "no file is fsynced on its own: \(calls)")
        #expect(!calls[..<barrier].contains { $0.hasPrefix("rename") }, "\(calls)")
        #expect(
            Array(calls[(barrier + 1)...]) == [
                "rename tnt_bella.csv", "rename tnt_bella.html", "rename tnt_bella.json", "rename index.html",
                "rename summary.csv",
                "rename exceptions.csv", "rename report.md", "rename report.json",
                "fsync 2026-09", "fsync 20261001T020000Z",
                "rename latest", "fsync runs",
            ])
    }

    @Test func aFailingBarrierKeepsTheOldRunAsLatestAndLeavesNoTemporaryFile() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let writer = OutboxWriter(root: root)
        _ = try writer.write(report: OutboxWriterTests.report(runID: "r1"), statements: [OutboxFixtures.statement])
        let before = try OutboxWriterTests.allFiles(root)
        #expect(throws: OutboxError.self) {
            try FileIO.$current.withValue(CallLog().io(syncfsErrno: EIO)) {
                try writer.write(
                    report: OutboxWriterTests.report(runID: "r2", asOf: OutboxFixtures.asOf + 86_400),
                    statements: [OutboxFixtures.statement])
            }
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/runs/latest") == "r1")
        // The empty run folder r2 may remain; no file in it, no temporary file anywhere.
        #expect(try OutboxWriterTests.allFiles(root).filter { $0 != "runs/r2" } == before)
    }
}
