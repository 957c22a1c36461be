import Testing

@testable import ReconcileKit

@Suite struct CommissionStatementTests {
    @Test func totalsAreTheSumsOfTheLines() {
        let t = OutboxFixtures.statement.totals
        #expect(t.bookings == 4)
        #expect(t.refunds == 2)
        #expect(t.grossCents == 250_000 + 189_950 + 99_999 + 320_000)
        #expect(t.commissionCents == 17_500 + 13_297 + 7_000 + 22_400)
        #expect(t.refundCents == 200_000)
        #expect(t.commissionReversedCents == 14_001)
        #expect(t.netCents == t.grossCents - t.commissionCents - t.refundCents + t.commissionReversedCents)
    }

    @Test func aRefundLineHasANegativeNetOfRefundLessReversedCommission() {
        let line = CommissionStatement.Line.refund(
            date: "2026-09-24", bookingID: "bk", eventID: "evt", rate: BasisPoints(700),
            refundCents: 50_000, commissionReversedCents: 3_501)
        #expect(line.net == -46_499)
    }

    @Test func lineOrderDoesNotDependOnTheCallersOrder() {
        let s = OutboxFixtures.statement
        let reversed = CommissionStatement(
            tenantID: s.tenantID, tenantName: s.tenantName, month: s.month,
            currency: s.currency, lines: s.lines.reversed())
        #expect(reversed == s)
        #expect(reversed.renderHTML(stamp: OutboxFixtures.stamp) == s.renderHTML(stamp: OutboxFixtures.stamp))
        #expect(s.lines.map(\.date) == s.lines.map(\.date).sorted())
    }

    @Test func ratesAppliedListsEachRateWithItsDateRange() {
        let lines: [CommissionStatement.Line] = [
            .payment(
                date: "2026-09-02", bookingID: "a", eventID: "e1", rate: BasisPoints(700), grossCents: 100,
                commissionCents: 7),
            .payment(
                date: "2026-09-20", bookingID: "b", eventID: "e2", rate: BasisPoints(1250), grossCents: 100,
                commissionCents: 13),
            .payment(
                date: "2026-09-10", bookingID: "c", eventID: "e3", rate: BasisPoints(700), grossCents: 100,
                commissionCents: 7),
        ]
        let s = CommissionStatement(
            tenantID: TenantID("t"), tenantName: "T", month: "2026-09", currency: "usd", lines: lines)
        #expect(
            s.ratesApplied == [
                .init(
                    rate: BasisPoints(700), firstDate: CalendarDate("2026-09-02")!,
                    lastDate: CalendarDate("2026-09-10")!, lines: 2),
                .init(
                    rate: BasisPoints(1250), firstDate: CalendarDate("2026-09-20")!,
                    lastDate: CalendarDate("2026-09-20")!, lines: 1),
            ])
        let html = OutboxFixtures.text(s.renderHTML(stamp: OutboxFixtures.stamp))
        #expect(html.contains("12.50%"))
        #expect(html.contains(">Rate applied</th>"), "every statement has a rate column")
    }

    /// Statements whose JSON takes every path of the writer: no lines, one rate, several rates,
    /// refunds, text that JSON must escape.
    static let layouts: [CommissionStatement] = [
        OutboxFixtures.statement,
        CommissionStatement(
            tenantID: TenantID("t_empty"), tenantName: "Quiet \"Q\" \\ Co", month: "2026-02", currency: "eur", lines: []
        ),
        CommissionStatement(
            tenantID: TenantID("t_two"), tenantName: "Zwei\tRaten ✓", month: "2026-09", currency: "usd",
            lines: [
                .payment(
                    date: "2026-09-02", bookingID: "a\"b", eventID: "e1", rate: BasisPoints(700), grossCents: 100,
                    commissionCents: 7),
                .payment(
                    date: "2026-09-20", bookingID: "b", eventID: "e2", rate: BasisPoints(1250), grossCents: 100,
                    commissionCents: 13),
                .refund(
                    date: "2026-09-21", bookingID: "b", eventID: "e3", rate: BasisPoints(1250), refundCents: 100,
                    commissionReversedCents: 13),
            ]),
    ]

    @Test(arguments: layouts.indices)
    func statementJSONHasPrettyJSONsLayoutByteForByte(index: Int) throws {
        let bytes = Self.layouts[index].renderJSON(stamp: OutboxFixtures.stamp)
        #expect(PrettyJSON.encode(try JSONParser().parse(bytes)) == bytes)
    }

    @Test func severalRatesPutARateCellOnEveryRow() {
        let html = OutboxFixtures.text(Self.layouts[2].renderHTML(stamp: OutboxFixtures.stamp))
        #expect(
            html.contains(
                "<td class=\"ref\"><span class=\"booking\">a&quot;b</span><span class=\"id muted\">e1</span></td><td class=\"num\">7.00%</td>"
            ))
        #expect(html.components(separatedBy: "<td class=\"num\">12.50%</td>").count - 1 == 2)
    }

    @Test func statementJSONCarriesSchemaVersionIntegerCentsAndTheStamp() throws {
        let bytes = OutboxFixtures.statement.renderJSON(stamp: OutboxFixtures.stamp)
        let value = try JSONParser().parse(bytes)
        #expect(value["schemaVersion"] == .int(2))
        #expect(value["totals"]?["netCents"] == .int(613_753))
        #expect(CommissionStatement.GenerationStamp(statementJSON: bytes) == OutboxFixtures.stamp)
    }
}
