import Foundation
import Testing

@testable import ReconcileKit

/// A September 2026 with three tenants: the golden statement's, one whose name a spreadsheet or a
/// browser would misread, and one whose id needs percent-encoding in a link.
enum MonthIndexFixtures {
    static let olive = CommissionStatement(
        tenantID: TenantID("tnt_olive"), tenantName: "=Olive \"Grove\", <b>Barn</b>", month: "2026-09", currency: "usd",
        lines: [
            .payment(
                date: "2026-09-05", bookingID: "bk_OL1", eventID: "evt_ol1", rate: BasisPoints(1250),
                grossCents: 480_000, commissionCents: 60_000)
        ])
    static let hash = CommissionStatement(
        tenantID: TenantID("tnt a#b"), tenantName: "Hash & Co", month: "2026-09", currency: "usd",
        lines: [
            .payment(
                date: "2026-09-09", bookingID: "bk_H1", eventID: "evt_h1", rate: BasisPoints(50),
                grossCents: 10_000, commissionCents: 50),
            .refund(
                date: "2026-09-10", bookingID: "bk_H1", eventID: "evt_h2", rate: BasisPoints(50),
                refundCents: 10_000, commissionReversedCents: 50),
        ])
    static let october = CommissionStatement(
        tenantID: TenantID("tnt_bella"), tenantName: "Bella", month: "2026-10", currency: "usd",
        lines: [
            .payment(
                date: "2026-10-01", bookingID: "bk_X", eventID: "evt_x", rate: BasisPoints(700), grossCents: 100,
                commissionCents: 7)
        ])
    static let statements = [olive, october, OutboxFixtures.statement, hash]
    static let index = MonthIndex(month: "2026-09", statements: statements)
}

@Suite struct MonthIndexTests {
    @Test func indexListsEveryTenantOfTheMonthInIDOrderWithTheStatementTotals() {
        let index = MonthIndexFixtures.index
        #expect(index.entries.map(\.tenantID.rawValue) == ["tnt a#b", "tnt_bella", "tnt_olive"])
        #expect(index.entries[1].totals == OutboxFixtures.statement.totals)
        #expect(MonthIndex.all(MonthIndexFixtures.statements).map(\.month) == ["2026-09", "2026-10"])
    }

    @Test func currencyTotalsAddUpTheTenantsAndNeverMixCurrencies() {
        let eur = CommissionStatement(
            tenantID: TenantID("tnt_eu"), tenantName: "EU", month: "2026-09", currency: "eur",
            lines: [
                .payment(
                    date: "2026-09-01", bookingID: "b", eventID: "e", rate: BasisPoints(1000),
                    grossCents: 1_000, commissionCents: 100)
            ])
        let index = MonthIndex(month: "2026-09", statements: MonthIndexFixtures.statements + [eur])
        let totals = index.currencyTotals
        #expect(totals.map(\.currency) == ["eur", "usd"])
        #expect(totals[0].grossCents == 1_000 && totals[0].tenants == 1)
        let usd = totals[1]
        #expect(usd.tenants == 3)
        #expect(usd.grossCents == OutboxFixtures.statement.totals.grossCents + 480_000 + 10_000)
        #expect(usd.netCents == index.entries.filter { $0.currency == "usd" }.reduce(0) { $0 + $1.totals.netCents })
        let html = OutboxFixtures.text(index.renderHTML())
        #expect(html.contains("Total EUR · 1 tenant"))
        #expect(html.contains("Total USD · 3 tenants"))
        // Two currencies: no platform-wide figures at the top, which would add euros to dollars.
        #expect(!html.contains("class=\"summary\""))
        let csv = OutboxFixtures.text(MonthSummary.renderCSV(index))
        #expect(csv.contains("2026-09,,\"Total, 1 tenant\",EUR,1,0,10.00,1.00,0.00,0.00,1.00,9.00\r\n"))
    }

    @Test func indexEscapesNamesAndPercentEncodesLinks() {
        let html = OutboxFixtures.text(MonthIndexFixtures.index.renderHTML())
        #expect(html.contains("=Olive &quot;Grove&quot;, &lt;b&gt;Barn&lt;/b&gt;"))
        #expect(!html.contains("<b>Barn"))
        #expect(html.contains("href=\"tnt%20a%23b.html\""))
        #expect(html.contains("href=\"tnt_bella.csv\""))
        #expect(MonthIndex.href(TenantID("é"), "json") == "%C3%A9.json")
    }

    @Test func summaryIsRFC4180WithGuardedTextAndBareAmounts() {
        let csv = OutboxFixtures.text(MonthSummary.renderCSV(MonthIndexFixtures.index))
        let rows = csv.components(separatedBy: "\r\n")
        #expect(rows.first == MonthSummary.columns.joined(separator: ","))
        #expect(rows.last == "")
        #expect(
            rows.contains(
                "2026-09,tnt_olive,\"'=Olive \"\"Grove\"\", <b>Barn</b>\",USD,1,0,4800.00,600.00,0.00,0.00,600.00,4200.00"
            ))
        #expect(rows.contains("2026-09,tnt a#b,Hash & Co,USD,1,1,100.00,0.50,100.00,0.50,0.00,0.00"))
        #expect(rows[rows.count - 2].hasPrefix("2026-09,,\"Total, 3 tenants\",USD,6,3,"))
    }

    @Test func emptyMonthSaysSo() {
        let index = MonthIndex(month: "2026-02", statements: [])
        #expect(OutboxFixtures.text(index.renderHTML()).contains("No statements for this period."))
        #expect(MonthSummary.renderCSV(index) == Array((MonthSummary.columns.joined(separator: ",") + "\r\n").utf8))
    }

    @Test func writerKeepsUnchangedMonthFilesAndRewritesThemWhenATenantChanges() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let writer = OutboxWriter(root: root)
        _ = try writer.write(report: OutboxFixtures.report, statements: MonthIndexFixtures.statements)
        let index = root + "/statements/2026-09/index.html"
        #expect(try OutboxFixtures.read(index) == MonthIndexFixtures.index.renderHTML())
        #expect(
            try OutboxFixtures.read(root + "/statements/2026-10/summary.csv")
                == MonthSummary.renderCSV(MonthIndex(month: "2026-10", statements: [MonthIndexFixtures.october])))
        let before = try #require(AtomicFileTests.inodeAndMtime(index))

        let again = try writer.write(
            report: OutboxWriterTests.report(runID: "r2"), statements: MonthIndexFixtures.statements)
        #expect(again.unchanged.contains("statements/2026-09/index.html"))
        #expect(again.unchanged.contains("statements/2026-09/summary.csv"))
        #expect(AtomicFileTests.inodeAndMtime(index)! == before)

        let o = MonthIndexFixtures.olive
        let changed = CommissionStatement(
            tenantID: o.tenantID, tenantName: o.tenantName, month: o.month, currency: o.currency, lines: [])
        let third = try writer.write(
            report: OutboxWriterTests.report(runID: "r3"),
            statements: [changed, MonthIndexFixtures.october, OutboxFixtures.statement, MonthIndexFixtures.hash])
        #expect(third.written.contains("statements/2026-09/index.html"))
        #expect(third.written.contains("statements/2026-09/summary.csv"))
        #expect(third.unchanged.contains("statements/2026-10/index.html"))
    }

    @Test func statementsForOneTenantStillIndexTheWholeMonth() throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let september = MonthIndexFixtures.statements.filter { $0.month == "2026-09" }
        let entries = try OutboxWriter(root: root).write(
            statements: september, stamp: OutboxFixtures.stamp, tenant: TenantID("tnt_olive")
        ).files
        #expect(
            entries.map(\.path) == [
                "statements/2026-09/tnt_olive.csv", "statements/2026-09/tnt_olive.html",
                "statements/2026-09/tnt_olive.json",
                "statements/2026-09/index.html", "statements/2026-09/summary.csv",
            ])
        #expect(
            try OutboxFixtures.read(root + "/statements/2026-09/index.html") == MonthIndexFixtures.index.renderHTML())
    }

    @Test(arguments: ["index", "summary", "Index", "SUMMARY"])
    func tenantIDsThatCollideWithMonthFilesAreSkipped(tenant: String) throws {
        let root = try OutboxFixtures.temporaryFolder()
        defer { OutboxFixtures.remove(root) }
        let s = OutboxFixtures.statement
        let bad = CommissionStatement(
            tenantID: TenantID(tenant), tenantName: "x", month: s.month, currency: s.currency, lines: s.lines)
        let result = try OutboxWriter(root: root).write(report: OutboxFixtures.report, statements: [s, bad])
        #expect(result.skipped.map(\.reason) == ["tenant id is a reserved name"])
        let index = try OutboxFixtures.read(root + "/statements/2026-09/index.html")
        #expect(index == MonthIndex(month: s.month, statements: [s]).renderHTML(), "the month lists only what it holds")
    }
}
