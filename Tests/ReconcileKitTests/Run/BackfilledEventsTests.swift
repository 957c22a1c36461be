import Testing

@testable import ReconcileKit

/// SPEC §6: a backfilled event reached the store only through a provider list export, never
/// through a webhook file.
@Suite struct BackfilledEventsTests {
    static func listExport(_ events: [String]) -> String {
        #"{"object":"list","url":"/v1/events","has_more":false,"data":["# + events.joined(separator: ",") + "]}"
    }

    @Test func onlyEventsSeenInNoWebhookFileAreBackfilled() throws {
        let h = try BatchWebhookRaceTests.Harness()
        try h.add("tenants.json", BatchWebhookRaceTests.tenants)
        let both = BatchWebhookRaceTests.checkout("evt_both", date: "2027-06-01")
        let exportOnly = BatchWebhookRaceTests.checkout("evt_export_only", date: "2027-06-02")
        let webhookOnly = BatchWebhookRaceTests.checkout("evt_webhook_only", date: "2027-06-03")
        // Scan order puts the export first, so `evt_both` is new there and a duplicate in its webhook.
        try h.add("a-provider/events.json", Self.listExport([both, exportOnly]))
        try h.add("b-webhooks/evt_both.json", both)
        try h.add("b-webhooks/evt_webhook_only.json", webhookOnly)
        let report = try h.run().report
        #expect(report.events.applied == 3)
        #expect(report.backfilled.map(\.eventID) == ["evt_export_only"])
    }

    @Test func anEventDeliveredByWebhookAndExportedInALaterRunIsNeverBackfilled() throws {
        let h = try BatchWebhookRaceTests.Harness()
        try h.add("tenants.json", BatchWebhookRaceTests.tenants)
        let event = BatchWebhookRaceTests.checkout("evt_late", date: "2027-06-01")
        try h.add("webhooks/evt_late.json", event)
        #expect(try h.run().report.backfilled.isEmpty)
        try h.add("provider/events.json", Self.listExport([event]))
        #expect(try h.run().report.backfilled.isEmpty, "a duplicate in an export is not a new event")
    }
}
