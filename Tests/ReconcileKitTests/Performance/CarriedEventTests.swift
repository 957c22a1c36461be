import Testing

@testable import ReconcileKit

/// The runner applies the event view the decoder read on its threads instead of parsing
/// the canonical bytes again, so that view must be exactly what the stored bytes give back.
@Suite struct CarriedEventTests {
    @Test(arguments: [
        "checkout-pretty.json", "events.ndjson", "events.ndjson.gz", "list-page.json", "array.json",
        "multi-member.ndjson.gz",
    ])
    func theDecodersEventEqualsTheOneReadFromTheCanonicalBytes(fixture: String) throws {
        let records = try ContentDecoder().decode(try fixtureBytes("decoding/" + fixture)).records
        let events = records.filter { $0.key.kind == .event }
        #expect(!events.isEmpty)
        for record in events {
            let carried = try #require(record.event)
            #expect(carried == (try ProviderEvent(canonical: try JSONParser().parse(record.canonical))))
        }
    }

    @Test func membersOutOfOrderAndEscapedStringsGiveTheSameEvent() throws {
        let line =
            #"{"object":"event","id":"evt_1","type":"checkout.session.completed","created":5,"data":{"object":{"z":1,"payment_intent":{"id":"pi_\u0031"},"currency":"EUR","amount_total":1200,"id":"cs_1","metadata":{"tierId":"t","eventDate":"2026-09-12","email":"x@example.com","coupleName":"A & B","tenantId":"tnt_a","addOnIds":"[\"b\",\"a\"]"}}}}"#
        let record = try #require(try ContentDecoder().decode(Array(line.utf8)).records.first)
        let carried = try #require(record.event)
        #expect(carried == (try ProviderEvent(canonical: try JSONParser().parse(record.canonical))))
        #expect(carried.paymentIntentID == "pi_1")
        #expect(carried.currency == "eur")
        #expect(carried.checkoutMetadata?.addOnIDs == ["b", "a"])
    }

    @Test func recordsWithoutACarriedEventReadTheirCanonicalBytes() throws {
        let bytes = Array(
            #"{"created":5,"id":"evt_1","kind":"event","livemode":false,"object":{"id":"ch_1"},"tenantId":"_global","type":"charge.refunded"}"#
                .utf8)
        let record = Record(
            key: RecordKey(kind: .event, tenantID: .global, id: "evt_1"), canonical: bytes,
            location: Location(line: 1, byteOffset: 0), time: 5)
        #expect(record.event == nil)
        #expect(try record.providerEvent().dataObjectID == "ch_1")
    }
}
