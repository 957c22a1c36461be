import Testing

@testable import ReconcileKit

@Suite struct RunReportTests {
    static let empty = RunReport(
        runID: "r0", asOf: 0, root: nil, parentRoot: nil,
        files: .init(scanned: 0, skippedAlreadySeen: 0, deferred: [], quarantined: []),
        records: [], events: .init(applied: 0, failed: [], ignored: 0), backfilled: [], rejected: [],
        exceptions: [], settlement: .init(settled: 0, unsettled: 0, unmatchedCredits: 0))

    @Test func listOrderOfTheCallerDoesNotChangeAnyRendering() {
        let r = OutboxFixtures.report
        let shuffled = RunReport(
            runID: r.runID, asOf: r.asOf, root: r.root, parentRoot: r.parentRoot,
            files: .init(
                scanned: r.files.scanned, skippedAlreadySeen: r.files.skippedAlreadySeen,
                deferred: r.files.deferred.reversed(), quarantined: r.files.quarantined.reversed()),
            records: r.records.reversed(),
            events: .init(applied: r.events.applied, failed: r.events.failed.reversed(), ignored: r.events.ignored),
            backfilled: r.backfilled.reversed(), rejected: r.rejected.reversed(),
            replacedRejections: r.replacedRejections.reversed(),
            exceptions: r.exceptions.reversed(),
            settlement: r.settlement)
        #expect(shuffled.renderJSON() == r.renderJSON())
        #expect(shuffled.renderMarkdown() == r.renderMarkdown())
        #expect(shuffled.renderExceptionsCSV() == r.renderExceptionsCSV())
    }

    /// A statement the outbox cannot name adds its exception to the report; every other section
    /// (replaced rejections, bank, conflicts, resolved items, money) stays as the night made it.
    @Test func addingTheOutboxsOwnExceptionsKeepsEveryOtherSection() throws {
        var report = OutboxFixtures.report
        report.resolved = [
            .init(
                tenant: TenantID("tnt_a"), kind: "unsettled_booking", references: "bank/bk_1//",
                firstSeen: "2026-09-01",
                amountCents: 1_200, currency: "eur")
        ]
        report.previousOpenItemsKnown = true
        report.money.control = [.init(currency: "EUR", flows: .init())]
        #expect(!report.replacedRejections.isEmpty)
        let skipped = ReconciliationException(
            kind: .statementNotWritten, tenantID: TenantID("../x"), detail: "statement for \"2026-09\" not written")

        let added = report.adding(exceptions: [skipped])

        #expect(added.exceptions.count == report.exceptions.count + 1)
        #expect(added.exceptions.last == skipped)
        #expect(added.replacedRejections == report.replacedRejections)
        #expect(added.bank == report.bank)
        #expect(added.conflicts == report.conflicts)
        #expect(added.resolved == report.resolved)
        #expect(added.previousOpenItemsKnown)
        #expect(added.money == report.money)
        #expect(added.files == report.files && added.events == report.events && added.settlement == report.settlement)
    }

    @Test func tallyRowsForTheSameKindAndTenantAreSummed() {
        let t = TenantID("tnt_a")
        let r = RunReport(
            runID: "r", asOf: 0, root: nil, parentRoot: nil, files: Self.empty.files,
            records: [
                .init(kind: .event, tenant: t, counts: .init(new: 2)),
                .init(kind: .event, tenant: t, counts: .init(new: 1, duplicate: 4)),
            ],
            events: Self.empty.events, backfilled: [], rejected: [], exceptions: [], settlement: Self.empty.settlement)
        #expect(r.records == [.init(kind: .event, tenant: t, counts: .init(new: 3, duplicate: 4))])
    }

    @Test func exceptionsFollowTheSpecOrderOfKindsWithTheOutboxsOwnLast() {
        let kinds = OutboxFixtures.report.exceptions.map(\.kind)
        #expect(
            kinds == [
                .missingInPlatform, .commissionMismatch, .statusMismatch, .unmatchedBankCredit, .unsettledBooking,
            ])
        #expect(ExceptionKind.reconciled.allSatisfy { $0 < .statementNotWritten })
        #expect(ExceptionKind.reconciled + [.statementNotWritten] == ExceptionKind.allCases)
    }

    @Test func reportJSONHasSchemaVersionIntegerCentsAndEveryKnownExceptionCount() throws {
        let value = try JSONParser().parse(OutboxFixtures.report.renderJSON())
        #expect(value["schemaVersion"] == .int(3))
        #expect(value["asOf"] == .string("2026-10-01T02:00:00Z"))
        #expect(value["exceptions"]?["items"]?.arrayValue?.first?["expectedCents"] == .int(189_950))
        #expect(value["exceptions"]?["counts"]?["date_mismatch"] == .int(0))
        #expect(value["records"]?["total"]?["new"] == .int(27))
        #expect(value["records"]?["byKind"]?["bank_entry"]?["duplicate"] == .int(8))
    }

    @Test func emptyReportSaysNoneInEverySection() {
        let md = OutboxFixtures.text(Self.empty.renderMarkdown())
        #expect(md.components(separatedBy: "None.").count - 1 == 12)
        #expect(md.contains("Store root none (dry run), previous root none (first run)."))
        #expect(
            OutboxFixtures.text(Self.empty.renderExceptionsCSV()) == RunReport.exceptionsCSVColumns.joined(
                separator: ",") + "\r\n")
    }

    @Test func markdownEscapesCellBreakingCharacters() {
        #expect(MarkdownText.escape("a|b\nc <d> *e*") == "a\\|b c \\<d\\> \\*e\\*")
        #expect(MarkdownText.code("x|y") == "x\\|y")
        #expect(MarkdownText.code("evt_1") == "`evt_1`")
    }

    @Test func markdownListsTheFirstHundredExceptionsOfAKindAndTheCSVAndJSONListThemAll() throws {
        let t = TenantID("tnt_a")
        let many = (0..<150).map { i in
            ReconciliationException(
                kind: .missingInPlatform, tenantID: t, bookingID: "bk_\(1000 + i)", detail: "no platform booking")
        }
        let few = (0..<3).map { i in
            ReconciliationException(
                kind: .unsettledBooking, tenantID: t, bookingID: "bk_\(2000 + i)", detail: "not settled")
        }
        let r = RunReport(
            runID: "r", asOf: 0, root: nil, parentRoot: nil, files: Self.empty.files, records: [],
            events: Self.empty.events, backfilled: [], rejected: [], exceptions: many + few,
            settlement: Self.empty.settlement)
        let md = OutboxFixtures.text(r.renderMarkdown())
        #expect(md.contains("## Reconciliation exceptions (153)"))
        #expect(md.contains("### `missing_in_platform` (150)"))
        #expect(md.contains("`bk_1099`") && !md.contains("`bk_1100`"), "the first 100, in report order")
        #expect(
            md.contains("50 more not listed here: `exceptions.csv` lists all 150 `missing_in_platform` exceptions."))
        #expect(md.contains("`bk_2002`") && !md.contains("more not listed here: `exceptions.csv` lists all 3 "))
        #expect(md.contains("| Reconciliation exceptions | 153 |"))
        let csvRows = OutboxFixtures.text(r.renderExceptionsCSV()).components(separatedBy: "\r\n").filter {
            !$0.isEmpty
        }
        #expect(csvRows.count == 1 + 153)
        let json = try JSONParser().parse(r.renderJSON())
        #expect(json["exceptions"]?["items"]?.arrayValue?.count == 153)
        #expect(json["exceptions"]?["counts"]?["missing_in_platform"] == .int(150))
    }
}
