import Foundation
import Testing

@testable import ReconcileKit

/// Every defensive limit of SPEC §2 has a test that trips it.
@Suite struct LimitTests {
    @Test func aTruncatedGzipStreamIsQuarantinedWithItsByteOffset() throws {
        let error = try #require(throws: DecodeFailure.self) {
            try ContentDecoder().decode(try fixtureBytes("decoding/truncated.ndjson.gz"))
        }
        #expect(error.reason.hasPrefix("truncated gzip stream"))
        #expect(error.location?.byteOffset != nil)
    }

    @Test func garbageAfterAGzipMemberIsQuarantined() throws {
        let bytes = try fixtureBytes("decoding/events.ndjson.gz") + Array("trailing".utf8)
        let error = try #require(throws: DecodeFailure.self) { try ContentDecoder().decode(bytes) }
        #expect(error.reason == "unexpected data after the end of a gzip member")
    }

    @Test func aDecompressionBombIsQuarantined() throws {
        // 4 MiB of zeros compresses ~1000×; the limit is lowered to 1 MiB so the test stays small.
        let bomb = try gzipBytes([UInt8](repeating: 0x20, count: 4 << 20))
        let limits = Limits(maxDecompressedBytes: 1 << 20, maxExpansionRatio: 64)
        let error = try #require(throws: DecodeFailure.self) { try ContentDecoder(limits: limits).decode(bomb) }
        #expect(error.reason.contains("decompression bomb"))
    }

    @Test func aHighRatioUnderTheSizeLimitIsNotABomb() throws {
        let bytes = try fixtureBytes("decoding/events.ndjson")
        let padded = bytes + [UInt8](repeating: 0x0a, count: 2 << 20)
        let limits = Limits(maxDecompressedBytes: 4 << 20, maxExpansionRatio: 64)
        #expect(try ContentDecoder(limits: limits).decode(try gzipBytes(padded)).records.count == 2)
    }

    @Test func nestingDeeperThan64IsRefused() throws {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: JSONParser.Failure.self) { try JSONParser().parse(Array(deep.utf8)) }
        #expect(throws: Never.self) { try JSONParser().parse(Array(ok.utf8)) }
        let event = #"{"object":"event","id":"evt_d","type":"t","created":1,"data":{"object":{"x":"# + deep + "}}}\n"
        let good = #"{"object":"event","id":"evt_ok","type":"t","created":1,"data":{"object":{}}}"#
        let content = try ContentDecoder().decode(Array((good + "\n" + event).utf8))
        #expect(content.rejected.first?.reason.contains("nested deeper than 64") == true)
    }

    @Test func aRecordOver16MiBIsRejected() throws {
        let big = String(repeating: "x", count: (16 << 20) + 1)
        let line =
            #"{"object":"event","id":"evt_big","type":"t","created":1,"data":{"object":{"blob":""# + big + "\"}}}"
        let small = #"{"object":"event","id":"evt_small","type":"t","created":1,"data":{"object":{}}}"#
        let content = try ContentDecoder().decode(Array((small + "\n" + line + "\n").utf8))
        #expect(content.records.map(\.key.id) == ["evt_small"])
        #expect(content.rejected.map(\.location.line) == [2])
        #expect(content.rejected.first?.reason == "record is larger than 16777216 bytes")
    }

    @Test func invalidUTF8IsRejected() throws {
        var line = Array(#"{"object":"event","id":"evt_u","type":"t","created":1,"data":{"object":{"n":"AB"}}}"#.utf8)
        let at = line.firstIndex(of: UInt8(ascii: "A"))!
        line[at] = 0xC3
        line[at + 1] = 0x28
        let good = Array(#"{"object":"event","id":"evt_ok","type":"t","created":1,"data":{"object":{}}}"#.utf8)
        let content = try ContentDecoder().decode(line + [0x0a] + good)
        #expect(content.rejected.first?.reason.contains("invalid UTF-8") == true)
        #expect(content.records.count == 1)
    }

    @Test func loneSurrogatesAreRefused() throws {
        #expect(throws: JSONParser.Failure.self) { try JSONParser().parse(Array(#"["\ud800"]"#.utf8)) }
        #expect(try JSONParser().parse(Array(#"["\ud83d\ude00"]"#.utf8)) == .array([.string("😀")]))
    }

    @Test func amountsThatDoNotFit64BitsAreRejected() throws {
        let line =
            #"{"object":"event","id":"evt_o","type":"checkout.session.completed","created":1,"data":{"object":{"amount_total":92233720368547758070}}}"#
        let content = try ContentDecoder().decode(Array(line.utf8))
        #expect(content.records.isEmpty)
        #expect(content.rejected.map(\.reason) == ["`data.object.amount_total` does not fit a 64-bit integer"])
    }

    @Test func duplicateKeysAreRefused() throws {
        #expect(throws: JSONParser.Failure.self) { try JSONParser().parse(Array(#"{"id":"a","id":"b"}"#.utf8)) }
    }
}

func gzipBytes(_ bytes: [UInt8]) throws -> [UInt8] {
    let dir = try TemporaryDirectory()
    let path = try dir.write("data", bytes)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-k", "-f", path]
    try process.run()
    process.waitUntilExit()
    return Array(try Data(contentsOf: URL(fileURLWithPath: path + ".gz")))
}
