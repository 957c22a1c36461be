import Testing

@testable import ReconcileKit

/// SPEC §3: the same event as pretty JSON, an NDJSON line, inside a gzip or in a list page has one objectID.
@Suite struct CanonicalEqualityTests {
    let decoder = ContentDecoder()

    func records(_ fixture: String) throws -> [Record] {
        try decoder.decode(try fixtureBytes("decoding/" + fixture)).records
    }

    func checkout(_ fixture: String) throws -> Record {
        try #require(try records(fixture).first { $0.key.id == "evt_fixture_checkout_0001" })
    }

    @Test(arguments: ["events.ndjson", "events.ndjson.gz", "list-page.json", "array.json", "multi-member.ndjson.gz"])
    func sameEventInEveryEnvelopeHasOneObjectID(fixture: String) throws {
        let pretty = try checkout("checkout-pretty.json")
        let other = try checkout(fixture)
        #expect(other.objectID == pretty.objectID)
        #expect(other.canonical == pretty.canonical)
        #expect(other.key == RecordKey(kind: .event, tenantID: TenantID("tnt_bella"), id: "evt_fixture_checkout_0001"))
    }

    @Test func deliveryOnlyFieldsAreLeftOutOfTheCanonicalForm() throws {
        let canonical = String(decoding: try checkout("checkout-pretty.json").canonical, as: UTF8.self)
        #expect(!canonical.contains("pending_webhooks"))
        #expect(!canonical.contains("api_version"))
        #expect(!canonical.contains("idempotency_key"))
        #expect(
            canonical.hasPrefix(
                #"{"created":1767225600,"id":"evt_fixture_checkout_0001","kind":"event","livemode":false,"object":{"#))
        #expect(canonical.hasSuffix(#""tenantId":"tnt_bella","type":"checkout.session.completed"}"#))
    }

    @Test func anEventWithoutTenantMetadataBelongsToGlobal() throws {
        let bytes = Array(
            #"{"id":"evt_plan","object":"event","type":"plan.created","created":1,"data":{"object":{"id":"price_1","metadata":{}}}}"#
                .utf8)
        let record = try #require(try decoder.decode(bytes).records.first)
        #expect(record.key.tenantID == .global)
    }

    @Test func theProvidersOwnEventSampleDecodes() throws {
        let bytes = try fixtureBytes("decoding/provider-event.json")
        let content = try decoder.decode(bytes)
        #expect(content.format == .event)
        #expect(content.records.map(\.key.id) == ["evt_1Pgc76B7WZ01zgkWwyRHS12y"])
    }
}
