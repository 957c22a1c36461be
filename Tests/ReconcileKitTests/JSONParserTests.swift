import Testing

@testable import ReconcileKit

@Suite struct JSONParserTests {
    @Test func prettyAndCompactInputGiveTheSameCanonicalBytes() throws {
        let pretty = Array("{\n  \"b\" : [1, 2.50, \"x\"],\n  \"a\": {\"z\": null, \"y\": true}\n}".utf8)
        let compact = Array(#"{"a":{"y":true,"z":null},"b":[1,2.50,"x"]}"#.utf8)
        let p = try JSONParser().parse(pretty)
        let c = try JSONParser().parse(compact)
        #expect(CanonicalJSON.encode(p) == CanonicalJSON.encode(c))
        #expect(
            String(decoding: CanonicalJSON.encode(p), as: UTF8.self) == #"{"a":{"y":true,"z":null},"b":[1,2.50,"x"]}"#)
    }
}
