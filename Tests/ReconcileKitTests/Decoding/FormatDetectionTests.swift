import Testing

@testable import ReconcileKit

@Suite struct FormatDetectionTests {
    let decoder = ContentDecoder()

    @Test(arguments: [
        ("checkout-pretty.json", ContentFormat.event, false, 1),
        ("array.json", .eventArray, false, 2),
        ("list-page.json", .listPage, false, 2),
        ("events.ndjson", .ndjson, false, 2),
        ("events.ndjson.gz", .event, true, 1),  // one line: indistinguishable from a one-event file
        ("multi-member.ndjson.gz", .ndjson, true, 2),
        ("tenants.json", .tenantsExport, false, 3),
        ("bookings.ndjson", .ndjson, false, 1),
    ])
    func formatIsDetectedFromContent(fixture: String, format: ContentFormat, gzip: Bool, records: Int) throws {
        let content = try decoder.decode(try fixtureBytes("decoding/" + fixture))
        #expect(content.format == format)
        #expect(content.gzip == gzip)
        #expect(content.records.count == records)
    }

    @Test func listPageEventsAreMarkedAsTheProvidersBackfill() throws {
        #expect(try decoder.decode(try fixtureBytes("decoding/list-page.json")).source == .listExport)
        #expect(try decoder.decode(try fixtureBytes("decoding/events.ndjson")).source == .webhook)
        #expect(try decoder.decode(try fixtureBytes("decoding/tenants.json")).source == .platformExport)
    }

    @Test func aByteOrderMarkAndCRLFLinesAreAccepted() throws {
        let lines = try fixtureBytes("decoding/events.ndjson").split(separator: 0x0a).map { Array($0) + [0x0d, 0x0a] }
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + lines.flatMap { $0 }
        let content = try decoder.decode(bytes)
        #expect(content.records.count == 2)
        #expect(content.rejected.isEmpty)
    }

    @Test func textThatIsNotJSONIsQuarantinedAtLineOne() throws {
        let error = try #require(throws: DecodeFailure.self) {
            try decoder.decode(try fixtureBytes("decoding/not-json.txt"))
        }
        #expect(error.location == Location(line: 1, byteOffset: 0))
        #expect(error.reason.contains("expected gzip, JSON, NDJSON or ISO 20022 XML"))
    }

    @Test func anEmptyFileIsQuarantined() throws {
        #expect(throws: DecodeFailure("file is empty")) { try decoder.decode(Array("  \n".utf8)) }
    }

    @Test func aBrokenPrettyDocumentIsQuarantinedWithItsLine() throws {
        let text = "{\n  \"id\": \"evt_1\",\n  \"object\": \"event\",\n  \"type\": oops\n}\n"
        let error = try #require(throws: DecodeFailure.self) { try decoder.decode(Array(text.utf8)) }
        #expect(error.location?.line == 4)
    }
}
