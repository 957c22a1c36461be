import Testing
@testable import ReconcileKit

/// Issue 6: the runner applies events from the value the decoder kept instead of parsing the
/// canonical bytes again, so that value must be exactly what the bytes parse back to.
@Suite struct CarriedCanonicalValueTests {
    @Test(arguments: ["checkout-pretty.json", "events.ndjson", "events.ndjson.gz", "list-page.json", "array.json", "multi-member.ndjson.gz"])
    func theKeptEventValueEqualsTheCanonicalBytesParsedAgain(fixture: String) throws {
        let records = try ContentDecoder().decode(try fixtureBytes("decoding/" + fixture)).records
        let events = records.filter { $0.key.kind == .event }
        #expect(!events.isEmpty)
        for record in events {
            let kept = try #require(record.canonicalValue)
            #expect(kept == (try JSONParser().parse(record.canonical)))
            #expect(CanonicalJSON.encode(kept) == record.canonical)
        }
    }

    @Test func membersOutOfOrderAtEveryLevelAreSortedLikeTheCanonicalBytes() throws {
        let line = #"{"object":"event","id":"evt_1","type":"t","created":5,"data":{"object":{"z":1,"a":{"y":[{"b":1,"a":2}],"x":"é"},"B":null,"é":true,"e":[1,{"k2":0,"k1":0}]}}}"#
        let records = try ContentDecoder().decode(Array(line.utf8)).records
        let record = try #require(records.first)
        let kept = try #require(record.canonicalValue)
        #expect(kept == (try JSONParser().parse(record.canonical)))
        #expect(try ProviderEvent(canonical: kept) == ProviderEvent(canonical: try JSONParser().parse(record.canonical)))
    }

    @Test func recordsWithoutAKeptValueParseTheirCanonicalBytes() throws {
        let record = Record(key: RecordKey(kind: .event, tenantID: .global, id: "evt_1"), canonical: Array(#"{"b":1,"a":2}"#.utf8),
                            location: Location(line: 1, byteOffset: 0), time: 0)
        #expect(record.canonicalValue == nil)
        #expect(try record.parsedCanonical() == .object([JSONMember("b", .int(1)), JSONMember("a", .int(2))]))
    }
}
