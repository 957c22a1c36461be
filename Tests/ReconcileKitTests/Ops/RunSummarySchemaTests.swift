import Foundation
import Testing

@testable import ReconcileKit

/// The `--json` summaries have exactly the members and types docs/run-summary.md lists.
@Suite struct RunSummarySchemaTests {
    /// `member → type` rows between `<!-- <name>: begin -->` and `<!-- <name>: end -->`.
    static func documented(_ name: String) throws -> [String: String] {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/run-summary.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- \(name): begin -->"))
        let end = try #require(text.range(of: "<!-- \(name): end -->"))
        var rows: [String: String] = [:]
        for line in text[begin.upperBound..<end.lowerBound].split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.replacingOccurrences(of: "\\|", with: "¦").split(separator: "|").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            let member = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            rows[member] = cells[1].replacingOccurrences(of: "¦", with: "|")
        }
        return rows
    }

    /// Every path of `value` with the set of types seen there; object members of `wildcard`
    /// parents are folded into `<parent>.<kind>`.
    static func shape(
        _ value: JSONValue, at path: String = "", wildcard: Set<String> = [], into out: inout [String: Set<String>]
    ) {
        let type: String
        switch value {
        case .null: type = "null"
        case .bool: type = "boolean"
        case .int: type = "integer"
        case .number: type = "number"
        case .string: type = "string"
        case .array(let items):
            type = "array"
            for item in items { shape(item, at: path + "[]", wildcard: wildcard, into: &out) }
        case .object(let members):
            type = "object"
            for m in members {
                let child = wildcard.contains(path) ? "\(path).<kind>" : (path.isEmpty ? m.key : "\(path).\(m.key)")
                shape(m.value, at: child, wildcard: wildcard, into: &out)
            }
        }
        if !path.isEmpty { out[path, default: []].insert(type) }
    }

    static func check(_ json: String, against doc: [String: String], wildcard: Set<String> = []) throws {
        var seen: [String: Set<String>] = [:]
        shape(try JSONParser().parse(Array(json.utf8)), wildcard: wildcard, into: &seen)
        #expect(
            Set(seen.keys) == Set(doc.keys),
            "undocumented: \(Set(seen.keys).subtracting(doc.keys).sorted()); missing: \(Set(doc.keys).subtracting(seen.keys).sorted())"
        )
        for (path, types) in seen {
            guard let documented = doc[path] else { continue }
            let allowed = Set(documented.split(separator: "|").map(String.init))
            #expect(types.isSubset(of: allowed), "\(path) is \(types.sorted()) but documented as \(documented)")
        }
    }

    @Test func runSummaryHasExactlyTheDocumentedMembersAndTypes() throws {
        let dir = try TemporaryDirectory()
        let outcome = try OpsFixtures.run(in: dir)
        #expect(outcome.quarantinedCount == 1 && outcome.failedCount == 1)
        let json = outcome.summaryJSON(durationMs: 1234)
        try Self.check(json, against: try Self.documented("run-summary-members"), wildcard: ["exceptions"])
        let value = try JSONParser().parse(Array(json.utf8))
        #expect(value["schemaVersion"]?.intValue == RunOutcome.summarySchemaVersion)
        #expect(value["durationMs"]?.intValue == 1234)
        #expect(value["bytesRead"]?.intValue == outcome.bytesRead && outcome.bytesRead > 0)
        #expect(value["exitCode"]?.intValue == 1)
        // Every SPEC exception kind is present, zeros included, so alerts can rely on the keys.
        guard case .object(let kinds)? = value["exceptions"] else {
            Issue.record("exceptions is not an object")
            return
        }
        #expect(kinds.map(\.key).sorted() == ExceptionKind.reconciled.map(\.rawValue).sorted())
    }

    @Test func dryRunSummaryUsesTheDocumentedNulls() throws {
        let dir = try TemporaryDirectory()
        let outcome = try OpsFixtures.run(in: dir, dryRun: true)
        let json = outcome.summaryJSON(durationMs: 5)
        try Self.check(json, against: try Self.documented("run-summary-members"), wildcard: ["exceptions"])
        let value = try JSONParser().parse(Array(json.utf8))
        #expect(value["root"] == .null && value["reportPath"] == .null && value["dryRun"] == .bool(true))
    }

    @Test func statusSummaryHasExactlyTheDocumentedMembersAndTypes() throws {
        let dir = try TemporaryDirectory()
        _ = try OpsFixtures.run(in: dir)
        let output = try Inspector(state: dir.path + "/state", waitForLock: false).status()
        try Self.check(output.json, against: try Self.documented("status-summary-members"))
        #expect(try JSONParser().parse(Array(output.json.utf8))["schemaVersion"]?.intValue == 1)
    }

    @Test func summaryIsTheSameBytesForTheSameDuration() throws {
        let a = try TemporaryDirectory()
        let b = try TemporaryDirectory()
        let x = try OpsFixtures.run(in: a)
        let y = try OpsFixtures.run(in: b)
        // Paths differ only through reportPath's outbox prefix; everything else is deterministic.
        func strip(_ s: String) -> String {
            s.replacingOccurrences(of: a.path, with: "").replacingOccurrences(of: b.path, with: "")
        }
        #expect(strip(x.summaryJSON(durationMs: 7)) == strip(y.summaryJSON(durationMs: 7)))
    }
}
