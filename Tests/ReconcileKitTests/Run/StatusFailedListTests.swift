import Testing

@testable import ReconcileKit

/// `reconcile status` on a store with many FAILED events: the text lists the oldest few and says
/// how many more there are; `--json` lists them all.
@Suite struct StatusFailedListTests {
    @Test func theTextListsTheOldestTwentyFailedEventsAndCountsTheRestTheJSONListsAll() throws {
        let h = try BatchWebhookRaceTests.Harness()
        try h.add("tenants.json", BatchWebhookRaceTests.tenants)
        // 23 checkouts for one date: the earliest books it, 22 fail.
        for i in 0..<23 {
            try h.add(
                "webhooks/evt_\(i).json",
                BatchWebhookRaceTests.checkout(
                    "evt_\(String(format: "%02d", i))", date: "2027-06-01", created: 1_790_000_000 + Int64(i)))
        }
        try h.run()
        let output = try Inspector(state: h.dir.path + "/state", waitForLock: false).status()
        let listed = output.text.split(separator: "\n").filter { $0.hasPrefix("  evt_") }
        #expect(output.text.contains("failed     22 event(s)"))
        #expect(listed.count == Inspector.failedEventsListed)
        #expect(listed.first?.hasPrefix("  evt_01 ") == true, "oldest first")
        #expect(listed.last?.hasPrefix("  evt_20 ") == true)
        #expect(output.text.contains("  … and 2 more; `reconcile status --json` lists them all"))
        let json = try JSONParser().parse(Array(output.json.utf8))
        #expect(json["failedEvents"]?.arrayValue?.count == 22)
    }
}
