import Testing

@testable import ReconcileKit

/// SPEC §2: a bad record inside a good file is rejected alone, with its line.
@Suite struct RecordRejectionTests {
    let decoder = ContentDecoder()

    @Test func oneBadLineIsRejectedAloneAndTheRestIsKept() throws {
        let content = try decoder.decode(try fixtureBytes("decoding/one-bad-line.ndjson"))
        #expect(content.records.map(\.key.id) == ["evt_fixture_checkout_0001", "evt_fixture_refund_0001"])
        #expect(content.rejected.map(\.location.line) == [2, 4])
        #expect(content.rejected[0].reason.hasPrefix("invalid JSON"))
        #expect(content.rejected[1].reason == "`created` does not fit a 64-bit integer")
    }

    @Test func aTenantWithThreeDecimalsIsRejectedWithItsLine() throws {
        let content = try decoder.decode(try fixtureBytes("decoding/tenants.json"))
        #expect(content.records.map(\.key.id) == ["tnt_bella", "tnt_zero", "tnt_oak"])
        let rejected = try #require(content.rejected.first)
        #expect(rejected.reason.contains("at most two decimals"))
        #expect(rejected.location.line == 27)
    }

    @Test func aBookingOnAnImpossibleDateIsRejected() throws {
        let content = try decoder.decode(try fixtureBytes("decoding/bookings.ndjson"))
        #expect(content.rejected.map(\.location.line) == [2])
        #expect(content.rejected.first?.reason == "booking `date` is not a real YYYY-MM-DD date")
    }

    @Test func tenantRatesAndIBANsAreNormalised() throws {
        let content = try decoder.decode(try fixtureBytes("decoding/tenants.json"))
        let bella = String(decoding: content.records[0].canonical, as: UTF8.self)
        #expect(
            bella
                == #"{"commissionBasisPoints":700,"currency":"eur","ibans":["DE89370400440532013000"],"id":"tnt_bella","kind":"tenant","name":"Bella Weddings","slug":"bella"}"#
        )
        #expect(
            String(decoding: content.records[2].canonical, as: UTF8.self).contains(#""commissionBasisPoints":1250"#))
        #expect(content.records[0].time == Timestamp.parse("2026-08-01T00:00:00Z"))
    }

    @Test func errorsNeverQuoteCustomerData() throws {
        let line =
            #"{"object":"booking","exportedAt":"2026-09-13T02:00:00Z","id":"bk_9","tenantId":"tnt_bella","date":"2026-09-12","status":"PAID","totalCents":"ada@example.com","commissionAmount":1}"#
        let good =
            #"{"object":"booking","exportedAt":"2026-09-13T02:00:00Z","id":"bk_8","tenantId":"tnt_bella","date":"2026-09-12","status":"PAID","totalCents":100,"commissionAmount":1}"#
        let content = try decoder.decode(Array((good + "\n" + line + "\n").utf8))
        #expect(content.rejected.count == 1)
        for rejected in content.rejected { #expect(!rejected.reason.contains("ada@example.com")) }
        let whole = try #require(throws: DecodeFailure.self) {
            try decoder.decode(Array((line + "\n" + line + "\n").utf8))
        }
        #expect(!whole.description.contains("ada@example.com"))
    }

    // A rejected record's raw bytes are kept, byte for byte, with the key they name.

    @Test func aRejectedLineKeepsItsRawBytesAndTheKeyTheyName() throws {
        let bytes = try fixtureBytes("decoding/one-bad-line.ndjson")
        let lines = bytes.split(separator: 0x0a, omittingEmptySubsequences: false).map { Array($0) }
        let content = try decoder.decode(bytes)
        #expect(content.rejected.map(\.raw) == [lines[1], lines[3]])
        #expect(content.rejected[0].key == nil, "broken JSON names no key")
        #expect(content.rejected[1].key == RecordKey(kind: .event, tenantID: .global, id: "evt_big"))
    }

    @Test func aRejectedRecordOfADocumentKeepsTheExactBytesOfItsValue() throws {
        let bytes = try fixtureBytes("decoding/tenants.json")
        let rejected = try #require(try decoder.decode(bytes).rejected.first)
        let raw = try #require(rejected.raw)
        #expect(Array(bytes[rejected.location.byteOffset..<(rejected.location.byteOffset + raw.count)]) == raw)
        #expect(raw.first == UInt8(ascii: "{") && raw.last == UInt8(ascii: "}"))
        #expect(rejected.key == RecordKey(kind: .tenant, tenantID: TenantID("tnt_bad"), id: "tnt_bad"))
    }

    @Test(arguments: [true, false])
    func aRejectedElementOfAPrettyEventArrayKeepsItsBytes(fast: Bool) throws {
        let bad = """
              {
                "object": "event", "id": "evt_bad", "type": "x", "created": "soon",
                "data": {"object": {"metadata": {"tenantId": "tnt_oak"}}}
              }
            """
        let text =
            "[\n  {\"object\": \"event\", \"id\": \"evt_ok\", \"type\": \"x\", \"created\": 1, \"data\": {\"object\": {}}},\n"
            + bad + "\n]\n"
        let bytes = Array(text.utf8)
        let content = try fast ? ContentDecoder().decode(bytes) : ContentDecoder().decodeGeneral(bytes)
        #expect(content.records.map(\.key.id) == ["evt_ok"])
        let rejected = try #require(content.rejected.first)
        #expect(rejected.raw == Array(bad.drop(while: { $0 == " " }).utf8))
        #expect(rejected.key == RecordKey(kind: .event, tenantID: TenantID("tnt_oak"), id: "evt_bad"))
    }
}
