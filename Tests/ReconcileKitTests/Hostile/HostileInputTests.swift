import Foundation
import Testing

@testable import ReconcileKit

/// Every file of the nasty-input corpus (Fixtures/hostile/) goes through the run's own
/// ingestion and meets exactly its fate: quarantined with a reason and a place, accepted with some
/// records rejected alone (with their line), or accepted whole. None crashes, none hangs.
@Suite(.timeLimit(.minutes(1))) struct HostileInputTests {
    enum Fate: Sendable, CustomStringConvertible {
        /// The whole file is quarantined; the reason contains this text.
        case quarantined(String)
        /// The file goes through with `records` records; `rejected` lines are rejected alone.
        case partly(records: Int, rejected: Int, reason: String)
        case accepted(records: Int)

        var description: String {
            switch self {
            case .quarantined(let reason): "quarantined (\(reason))"
            case .partly(let records, let rejected, let reason): "\(records) records, \(rejected) rejected (\(reason))"
            case .accepted(let records): "accepted, \(records) records"
            }
        }
    }

    /// Records per file; a bank report's count includes one `bank_statement` record per statement.
    static let fates: [String: Fate] = [
        "gzip-bad-crc.json.gz": .quarantined("corrupt gzip stream"),
        "gzip-bomb.ndjson.gz": .quarantined("decompression bomb"),
        "gzip-concatenated.ndjson.gz": .accepted(records: 2),
        "gzip-header-only.gz": .quarantined("truncated gzip stream"),
        "gzip-in-gzip.json.gz": .quarantined("gzip inside gzip"),
        "gzip-trailing-garbage.json.gz": .quarantined("unexpected data after the end of a gzip member"),
        "gzip-truncated.ndjson.gz": .quarantined("truncated gzip stream"),
        "json-amount-out-of-range.ndjson": .partly(records: 1, rejected: 1, reason: "does not fit a 64-bit integer"),
        "json-bad-exportedAt.json": .quarantined("`exportedAt` is not an RFC 3339 timestamp"),
        "json-bare-scalar.json": .quarantined("unrecognised content"),
        "json-bom.json": .accepted(records: 1),
        "json-crlf.ndjson": .accepted(records: 3),
        "json-deeply-nested.json": .quarantined("nested deeper than 64"),
        "json-duplicate-keys.json": .quarantined("duplicate key"),
        "json-empty.json": .quarantined("file is empty"),
        "json-event-date-feb-30.json": .accepted(records: 1),
        "json-huge-record.ndjson": .partly(records: 1, rejected: 1, reason: "record is larger than"),
        "json-impossible-date.json": .partly(records: 1, rejected: 2, reason: "not a real YYYY-MM-DD date"),
        "json-invalid-utf8.json": .quarantined("invalid UTF-8"),
        "json-lone-surrogate.json": .quarantined("lone surrogate"),
        "json-nul-byte.json": .quarantined("invalid JSON"),
        "json-number-out-of-range.json": .partly(
            records: 0, rejected: 1, reason: "`created` does not fit a 64-bit integer"),
        "json-trailing-comma.json": .quarantined("invalid JSON"),
        "json-utf16.json": .quarantined("unrecognised content"),
        "xml-amount-out-of-range.xml": .partly(records: 2, rejected: 1, reason: "does not fit 64-bit minor units"),
        "xml-billion-laughs.xml": .quarantined("(DTD) refused"),
        "xml-bom-crlf.xml": .accepted(records: 2),
        "xml-deeply-nested.xml": .quarantined("nest deeper than 64"),
        "xml-doctype.xml": .quarantined("(DTD) refused"),
        "xml-external-entity.xml": .quarantined("(DTD) refused"),
        "xml-impossible-date.xml": .partly(records: 2, rejected: 1, reason: "not a calendar date"),
        "xml-no-namespace.xml": .accepted(records: 2),
        "xml-nul-byte.xml": .quarantined("0x0 out of allowed range"),
        "xml-prefixed-namespace.xml": .accepted(records: 2),
        "xml-truncated.xml": .quarantined("truncated file"),
        "xml-undeclared-entity.xml": .quarantined("not defined"),
        "xml-utf16.xml": .quarantined("unrecognised content"),
        "xml-wrong-namespace.xml": .quarantined("not an ISO 20022 camt"),
    ]

    @Test func everyCorpusFileHasAnExpectedFate() {
        #expect(HostileCorpus.names == Self.fates.keys.sorted())
    }

    @Test(arguments: HostileCorpus.names)
    func aHostileFileMeetsItsFateWithAReasonAndAPlace(name: String) throws {
        let fate = try #require(Self.fates[name])
        let dir = try TemporaryDirectory()
        let result = try HostileCorpus.ingest(try HostileCorpus.inbox([name], in: dir.path))
        switch fate {
        case .quarantined(let reason):
            #expect(result.ingested.isEmpty, "\(name): nothing of a quarantined file is ingested")
            #expect(result.admitted.isEmpty)
            let quarantined = try #require(result.quarantined.first, "\(name) must be quarantined")
            #expect(quarantined.path == name, "the report names the file")
            #expect(quarantined.reason.contains(reason), "\(name): \(quarantined.reason)")
            #expect(quarantined.sha256?.hex.count == 64, "the report gives the file's SHA-256")
            if name != "json-empty.json" {
                #expect(quarantined.location != nil, "\(name): the reason names a line or byte offset")
            }
        case .partly(let records, let rejected, let reason):
            #expect(result.quarantined.isEmpty, "\(name): \(result.quarantined.map(\.reason))")
            #expect(result.ingested.first?.records == records)
            #expect(result.rejected.count == rejected)
            #expect(result.rejected.allSatisfy { $0.file == name && $0.location.line != nil })
            #expect(
                result.rejected.contains { $0.reason.contains(reason) }, "\(name): \(result.rejected.map(\.reason))")
        case .accepted(let records):
            #expect(result.quarantined.isEmpty, "\(name): \(result.quarantined.map(\.reason))")
            #expect(result.rejected.isEmpty, "\(name): \(result.rejected.map(\.reason))")
            #expect(result.ingested.first?.records == records)
        }
        let texts = result.quarantined.map(\.reason) + result.rejected.map(\.reason)
        for text in texts {
            for secret in HostileCorpus.customerData {
                #expect(!text.contains(secret), "\(name): a reason quotes customer data")
            }
        }
    }

    /// The same bytes in one inbox scan give the same fates, in any order and with parallel decoding.
    @Test func theWholeCorpusInOneInboxGivesEachFileItsFate() throws {
        let dir = try TemporaryDirectory()
        let result = try HostileCorpus.ingest(try HostileCorpus.inbox(HostileCorpus.names, in: dir.path))
        let quarantined = Set(result.quarantined.map(\.path))
        let expected = Set(
            Self.fates.compactMap { name, fate in
                if case .quarantined = fate { return name } else { return nil }
            })
        #expect(quarantined == expected)
        #expect(result.ingested.count + result.quarantined.count == HostileCorpus.names.count)
    }
}
