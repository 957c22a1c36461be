import Foundation
import Testing

@testable import ReconcileKit

/// `reconcile close --month` through the built binary (SPEC §6).
@Suite struct CloseMonthEndToEndTests {
    typealias S = SampleStatementFiguresTests

    static let lateRefund =
        #"{"id":"evt_late_refund","object":"event","api_version":"2024-06-20","created":1790337600,"livemode":false,"type":"charge.refunded","data":{"object":{"id":"ch_late","object":"charge","amount":120000,"amount_captured":120000,"amount_refunded":20000,"captured":true,"refunded":false,"currency":"usd","payment_intent":"pi_004903b55f1cb2","metadata":{"tenantId":"tnt_oak"}}}}"#

    @Test func aLateRefundAfterItsMonthIsClosedLeavesTheClosedStatementByteIdenticalAndAdjustsTheOpenMonth() throws {
        let workspace = try Workspace()
        _ = try workspace.run(["--as-of", SampleRunTests.asOf])
        let close = try workspace.run(["close", "--month", "2026-09", "--as-of", "2026-11-01T01:00:00Z"])
        #expect(close.status == 0, "\(close.stderr)")
        #expect(try workspace.run(["status"]).stdout.contains("closed     2026-09"))
        let status = try JSONParser().parse(Array(try workspace.run(["status", "--json"]).stdout.utf8))
        #expect(status["closedMonths"] == .array([.string("2026-09")]))
        let folder = workspace.path + "/outbox/statements/2026-09"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        let before = try names.map { try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)) }

        // A refund of tnt_oak's bk_0026 (paid 2026-09-16), made 2026-09-25, arrives after the close.
        try workspace.directory.write(
            "inbox/webhooks/late/evt_late_refund.json", Array(Self.lateRefund.utf8),
            modified: Date(timeIntervalSince1970: 1_793_491_200))
        let run = try workspace.run(["--as-of", "2026-11-02T00:00:00Z"])
        #expect(run.stdout.contains("1 new"), "\(run.stdout)")

        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == names)
        let after = try names.map { try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)) }
        #expect(after == before, "a closed month's files are byte-identical")
        #expect(
            !S.rows(try workspace.read("outbox/statements/2026-09/tnt_oak.csv")).contains {
                $0["event_id"] == "evt_late_refund"
            })

        let october = S.rows(try workspace.read("outbox/statements/2026-10/tnt_oak.csv"))
        let adjustment = try #require(october.first { $0["event_id"] == "evt_late_refund" })
        #expect(adjustment["prior_period_month"] == "2026-09")
        #expect(adjustment["month"] == "2026-10")
        #expect(adjustment["date"] == "2026-09-25")
        #expect(adjustment["platform_booking_id"] == "bk_0026" && adjustment["session_id"] == "cs_live_0049c52fd166")
        #expect(adjustment["refund"] == "200.00" && adjustment["commission_reversed"] == "25.00")
        let summary = S.rows(try workspace.read("outbox/statements/2026-10/summary.csv"))
        let oak = try #require(summary.first { $0["tenant_id"] == "tnt_oak" })
        #expect(
            october.reduce(0) { $0 + S.cents($1["net"]) } == S.cents(oak["net"]),
            "the adjustment counts in the open month's totals")
        #expect(try workspace.read("outbox/statements/2026-10/tnt_oak.html").contains("Adjusts 2026-09"))

        let again = try workspace.run(["statements", "--month", "2026-09", "--as-of", "2026-11-03T00:00:00Z"])
        #expect(again.stdout.contains("2026-09 is closed"))
        #expect(try names.map { try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)) } == before)
    }

    @Test func aStatementRewrittenBeforeItsMonthIsClosedCarriesTheNextRevisionAndWhatChanged() throws {
        let workspace = try Workspace()
        _ = try workspace.run(["--as-of", SampleRunTests.asOf])
        let first = try JSONParser().parse(Array(try workspace.read("outbox/statements/2026-09/tnt_oak.json").utf8))
        #expect(first["revision"] == .int(1))
        #expect(first["changedSinceRevision"] == nil)

        try workspace.directory.write(
            "inbox/webhooks/late/evt_late_refund.json", Array(Self.lateRefund.utf8),
            modified: Date(timeIntervalSince1970: 1_793_491_200))
        _ = try workspace.run(["--as-of", "2026-11-02T00:00:00Z"])
        let oak = try JSONParser().parse(Array(try workspace.read("outbox/statements/2026-09/tnt_oak.json").utf8))
        #expect(oak["revision"] == .int(2))
        #expect(
            oak["changedSinceRevision"]
                == .object(["eventIds": .array([.string("evt_late_refund")]), "revision": .int(1)]))
        let html = try workspace.read("outbox/statements/2026-09/tnt_oak.html")
        #expect(html.contains("<h2>Changed since revision 1</h2>"))
        #expect(html.contains("2026-09-25 · refund · <span class=\"id\">bk_0026</span> · net −175.00"))
        let bella = try JSONParser().parse(Array(try workspace.read("outbox/statements/2026-09/tnt_bella.json").utf8))
        #expect(bella["revision"] == .int(1), "a statement without new lines keeps its revision")
    }
}
