import Testing

@testable import ReconcileKit

@Suite struct StatementHTMLTests {
    static let hostile = CommissionStatement(
        tenantID: TenantID("tnt_<x>"), tenantName: "<script>alert('x')</script> & \"Co\"", month: "2026-09",
        currency: "usd",
        lines: [
            .payment(
                date: "2026-09-01", bookingID: "bk_<b>", eventID: "evt_&amp;", rate: BasisPoints(700),
                grossCents: 10_000, commissionCents: 700)
        ])

    @Test func everyPieceOfDataIsEscaped() {
        let html = OutboxFixtures.text(Self.hostile.renderHTML(stamp: .init(asOf: 0, runID: "run<1>")))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;"))
        #expect(html.contains("bk_&lt;b&gt;"))
        #expect(html.contains("evt_&amp;amp;"))
        #expect(html.contains("tnt_&lt;x&gt;"))
        #expect(html.contains("run&lt;1&gt;"))
    }

    @Test func escapeHandlesTheFiveSpecialCharacters() {
        #expect(HTMLText.escape(#"a<b>&"c"'d"#) == "a&lt;b&gt;&amp;&quot;c&quot;&#39;d")
    }

    @Test func statementNeedsNoExternalAssetsAndHasPrintRules() {
        let html = OutboxFixtures.text(OutboxFixtures.statement.renderHTML(stamp: OutboxFixtures.stamp))
        for forbidden in ["<link", "<script", "src=", "url(", "@import", "http:", "https:"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
        // No paper size: the printer's paper (A4 or Letter) is used; scripts/render-statements.sh checks both.
        #expect(html.contains("@page { size: portrait; margin: 14mm 13mm 16mm"))
        #expect(html.contains("thead { display: table-header-group; }"))
        #expect(html.contains("break-inside: avoid"))
        #expect(html.contains("tabular-nums"))
    }

    @Test func footerShowsTheStampNotTheClock() {
        let html = OutboxFixtures.text(
            OutboxFixtures.statement.renderHTML(stamp: .init(asOf: 86_400 * 365, runID: "r1")))
        #expect(html.contains("Figures as of 1971-01-01 00:00 UTC"))
    }

    @Test func amountsHaveTwoDecimalsAndGrouping() {
        let html = OutboxFixtures.text(OutboxFixtures.statement.renderHTML(stamp: OutboxFixtures.stamp))
        #expect(html.contains(">8,599.49<"))
        #expect(html.contains(">\u{2212}1,395.00<"))
        #expect(OutboxFormat.groupedAmount(-123_456_789) == "\u{2212}1,234,567.89")
        #expect(OutboxFormat.groupedAmount(5) == "0.05")
        #expect(OutboxFormat.groupedAmount(Int64.min) == "\u{2212}92,233,720,368,547,758.08")
    }
}
