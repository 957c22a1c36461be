import Foundation
import Testing

@testable import ReconcileKit

/// Exceptions as open items across runs (SPEC §6), through the built binary.
@Suite struct OpenItemsEndToEndTests {
    typealias S = SampleStatementFiguresTests

    @Test func aLaterRunAgesOpenItemsFromTheirFirstSightingAndListsTheResolvedOnes() throws {
        let workspace = try Workspace()
        _ = try workspace.run(["--as-of", SampleRunTests.asOf])
        let first = S.rows(try workspace.read("outbox/runs/latest/exceptions.csv"))
        #expect(
            first.allSatisfy {
                $0["first_seen"] == "2026-11-01" && $0["age_days"] == "0" && $0["since_last_run"] == "new"
            })

        // The platform's export now holds the booking it was missing.
        let export =
            #"{"exportType":"bookings","exportedAt":"2026-11-10T00:00:00Z","records":[{"id":"bk_late","tenantId":"tnt_bella","date":"2027-05-21","status":"PAID","totalCents":45000,"commissionAmount":3150,"checkoutSessionId":"cs_live_00214319d8b3","confirmationCode":"BELLA-LATE"}]}"#
        try workspace.directory.write(
            "inbox/platform/bookings-2026-11-10.json", Array(export.utf8),
            modified: Date(timeIntervalSince1970: 1_793_491_200))
        _ = try workspace.run(["--as-of", "2026-11-20T00:00:00Z"])

        let second = S.rows(try workspace.read("outbox/runs/latest/exceptions.csv"))
        #expect(!second.contains { $0["kind"] == "missing_in_platform" })
        let carried = second.filter { $0["first_seen"] == "2026-11-01" }
        #expect(!carried.isEmpty)
        #expect(
            carried.allSatisfy { $0["age_days"] == "19" && $0["age_bucket"] == "8-30" && $0["since_last_run"] != "new" }
        )
        #expect(
            second.filter { $0["first_seen"] == "2026-11-20" }.allSatisfy {
                $0["since_last_run"] == "new" && $0["age_days"] == "0"
            })
        #expect(
            second.map { $0["first_seen"]! } == second.map { $0["first_seen"]! }.sorted(),
            "the aging list: oldest first")

        let report = try JSONParser().parse(Array(try workspace.read("outbox/runs/latest/report.json").utf8))
        let open = try #require(report["openItems"])
        #expect(open["previousRunKnown"] == .bool(true))
        let resolved = try #require(open["resolved"]?.arrayValue)
        #expect(
            resolved.contains {
                $0["kind"] == .string("missing_in_platform") && $0["tenantId"] == .string("tnt_bella")
                    && ($0["references"]?.stringValue ?? "").contains("cs_live_00214319d8b3")
                    && $0["firstSeen"] == .string("2026-11-01")
            })
        let buckets = try #require(open["byKindAndAge"]?.arrayValue)
        #expect(buckets.contains { $0["kind"] == .string("unsettled_booking") && $0["ageBucket"] == .string("8-30") })
        // report.json lists the night's new and changed items in full; exceptions.csv lists every open item.
        let items = try #require(report["exceptions"]?["items"]?.arrayValue)
        #expect(items.allSatisfy { $0["sinceLastRun"] == .string("new") || $0["sinceLastRun"] == .string("changed") })
        let changedRows = second.filter { $0["since_last_run"] != "open" }
        #expect(items.count == changedRows.count)
        #expect(second.count > changedRows.count, "items still open are listed in exceptions.csv only")
        guard case .object(let counts)? = report["exceptions"]?["counts"] else {
            Issue.record("no counts")
            return
        }
        let counted = counts.compactMap(\.value.intValue).reduce(0, +)
        #expect(counted == second.count)
        let md = try workspace.read("outbox/runs/latest/report.md")
        #expect(md.contains("Since the last run:"))
        #expect(md.contains("Resolved:"))
    }
}
