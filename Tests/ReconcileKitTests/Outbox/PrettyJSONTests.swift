import Testing

@testable import ReconcileKit

@Suite struct PrettyJSONTests {
    @Test func memberOrderDoesNotChangeTheBytes() {
        let a: JSONValue = .object(["b": .int(1), "a": .array([.string("x"), .null]), "c": .object([:])])
        let b: JSONValue = .object(["c": .object([:]), "a": .array([.string("x"), .null]), "b": .int(1)])
        #expect(PrettyJSON.encode(a) == PrettyJSON.encode(b))
        #expect(
            OutboxFixtures.text(PrettyJSON.encode(a))
                == "{\n  \"a\": [\n    \"x\",\n    null\n  ],\n  \"b\": 1,\n  \"c\": {}\n}\n")
    }

    @Test func parsesBackToTheSameCanonicalValue() throws {
        let value = OutboxFixtures.report.jsonValue
        let parsed = try JSONParser().parse(PrettyJSON.encode(value))
        #expect(CanonicalJSON.encode(parsed) == CanonicalJSON.encode(value))
    }
}
