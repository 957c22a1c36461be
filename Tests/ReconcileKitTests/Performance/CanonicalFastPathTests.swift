import Foundation
import Testing

@testable import ReconcileKit

/// The allocation-free paths of the canonical writer and the parser's small-object duplicate check
/// give exactly what the general paths gave.
@Suite struct CanonicalFastPathTests {
    @Test(arguments: [Int64.min, Int64.min + 1, -1_000_000, -10, -1, 0, 1, 9, 10, 99, 100, 4_294_967_296, Int64.max])
    func integersAreWrittenAsTheirDecimalText(_ value: Int64) {
        #expect(CanonicalJSON.encode(.int(value)) == Array(String(value).utf8))
    }

    @Test func stringsNeedingNoEscapeAreCopiedAndOthersEscapedAsBefore() {
        let cases: [(String, String)] = [
            ("plain ascii", #""plain ascii""#),
            ("ünïcödé ✓ 😀", "\"ünïcödé ✓ 😀\""),
            ("quote \" backslash \\ slash /", #""quote \" backslash \\ slash /""#),
            ("tab\tnewline\ncr\r\u{08}\u{0C}\u{01}", #""tab\tnewline\ncr\r\b\f\u0001""#),
            ("", #""""#),
        ]
        for (input, expected) in cases {
            #expect(CanonicalJSON.encode(.string(input)) == Array(expected.utf8))
        }
    }

    @Test func duplicateKeysAreRefusedInSmallAndLargeObjects() throws {
        for size in [1, 2, 15, 16, 17, 40] {
            let members = (0..<size).map { "\"k\($0)\":\($0)" }
            let ok = "{" + members.joined(separator: ",") + "}"
            #expect(throws: Never.self) { try JSONParser().parse(Array(ok.utf8)) }
            for position in Set([0, size / 2, size - 1]) {
                let dup = "{" + (members + ["\"k\(position)\":0"]).joined(separator: ",") + "}"
                #expect(throws: JSONParser.Failure.self) { try JSONParser().parse(Array(dup.utf8)) }
                let reference = try? JSONSerialization.jsonObject(with: Data(ok.utf8)) as? [String: Any]
                #expect(reference?.count == size)
            }
        }
    }
}
