import Foundation
import Testing

@testable import ReconcileKit

/// Every event the fast path writes is byte-identical to the slow path's record, on the
/// fixtures and the sample inbox.
@Suite struct FastPathFixtureTests {
    let pair = FastSlow()

    static let decodingFixtures = [
        "array.json", "bookings.ndjson", "checkout-pretty.json", "events.ndjson", "events.ndjson.gz",
        "list-page.json", "multi-member.ndjson.gz", "not-json.txt", "one-bad-line.ndjson",
        "provider-event.json", "tenants.json", "truncated.ndjson.gz",
    ]

    @Test(arguments: decodingFixtures)
    func everyDecodingFixtureGivesTheSameRecordsThroughBothPaths(fixture: String) throws {
        pair.expectSame(try fixtureBytes("decoding/" + fixture))
    }

    @Test func everyFileOfTheSampleInboxGivesTheSameRecordsThroughBothPaths() throws {
        let root = repositoryRoot + "/inbox"
        let files = try #require(FileManager.default.enumerator(atPath: root)).compactMap { $0 as? String }.sorted()
        var events = 0
        for file in files {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + file, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { continue }
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + file)))
            let outcome = pair.expectSame(bytes, "fast and slow paths differ on inbox/\(file)")
            events += outcome.records.filter { $0.key.kind == .event }.count
        }
        #expect(events > 20)
    }

    @Test(arguments: ["events.ndjson", "one-bad-line.ndjson"])
    func theFastPathTakesTheFixturesEventLines(fixture: String) throws {
        let bytes = try fixtureBytes("decoding/" + fixture)
        let lines = bytes.split(separator: 0x0a).map(Array.init)
        // Lines the slow path turns into an event record.
        let events = lines.filter { line in
            guard let value = try? JSONParser().parse(line) else { return false }
            return (try? EventDecoder.decode(value, at: Location(line: 1, byteOffset: 0))) != nil
        }
        #expect(!events.isEmpty)
        for line in events { #expect(fastPathTakes(line), "declined: \(String(decoding: line, as: UTF8.self))") }
    }

    @Test(arguments: ["array.json", "list-page.json"])
    func documentsOfEventsTakeTheTapePath(fixture: String) throws {
        let bytes = try fixtureBytes("decoding/" + fixture)
        let content = bytes.withUnsafeBufferPointer { ContentDecoder().decodeEventDocument($0, lines: LineIndex($0)) }
        #expect(content?.records.isEmpty == false)
    }
}
