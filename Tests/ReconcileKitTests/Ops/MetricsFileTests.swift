import Foundation
import Testing

@testable import ReconcileKit

/// A small parser for the Prometheus text exposition format 0.0.4, strict enough to catch what
/// node_exporter's textfile collector would reject: HELP/TYPE before a family's samples, one TYPE
/// per family, metric and label names from the allowed alphabets, quoted and escaped label
/// values, numeric values, a final newline, families not interleaved.
struct Exposition {
    struct Sample: Equatable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    enum Problem: Error, CustomStringConvertible {
        case bad(line: Int, String)
        var description: String { if case .bad(let l, let m) = self { "line \(l): \(m)" } else { "" } }
    }

    var types: [String: String] = [:]
    var helps: [String: String] = [:]
    var samples: [Sample] = []

    static func isMetricName(_ s: Substring) -> Bool {
        guard let f = s.first, f.isASCII, f.isLetter || f == "_" || f == ":" else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }
    }

    static func isLabelName(_ s: Substring) -> Bool {
        guard let f = s.first, f.isASCII, f.isLetter || f == "_" else { return false }
        return !s.hasPrefix("__") && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    init(_ bytes: [UInt8]) throws {
        let text = try #require(String(validating: bytes, as: UTF8.self))
        guard text.hasSuffix("\n") else { throw Problem.bad(line: 0, "no final newline") }
        var finished = Set<String>()
        var current: String? = nil
        for (i, raw) in text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let n = i + 1
            if raw.isEmpty { throw Problem.bad(line: n, "empty line") }
            if raw.hasPrefix("# HELP ") || raw.hasPrefix("# TYPE ") {
                let rest = raw.dropFirst(7)
                let name = rest.prefix { $0 != " " }
                guard Self.isMetricName(name), rest.count > name.count + 1 else {
                    throw Problem.bad(line: n, "bad comment")
                }
                let body = String(rest.dropFirst(name.count + 1))
                if raw.hasPrefix("# TYPE ") {
                    guard ["counter", "gauge", "histogram", "summary", "untyped"].contains(body) else {
                        throw Problem.bad(line: n, "bad type \(body)")
                    }
                    guard types[String(name)] == nil else { throw Problem.bad(line: n, "second TYPE for \(name)") }
                    guard !samples.contains(where: { $0.name == name }) else {
                        throw Problem.bad(line: n, "TYPE after samples")
                    }
                    types[String(name)] = body
                } else {
                    guard helps[String(name)] == nil else { throw Problem.bad(line: n, "second HELP for \(name)") }
                    helps[String(name)] = body
                }
                if current != String(name) {
                    if let c = current { finished.insert(c) }
                    guard !finished.contains(String(name)) else {
                        throw Problem.bad(line: n, "family \(name) interleaved")
                    }
                    current = String(name)
                }
                continue
            }
            if raw.hasPrefix("#") { continue }
            // name{labels} value
            var rest = Substring(raw)
            let name = rest.prefix { $0 != "{" && $0 != " " }
            guard Self.isMetricName(name) else { throw Problem.bad(line: n, "bad metric name") }
            guard current == String(name) else { throw Problem.bad(line: n, "sample \(name) outside its family") }
            rest = rest.dropFirst(name.count)
            var labels: [String: String] = [:]
            if rest.first == "{" {
                rest = rest.dropFirst()
                while rest.first != "}" {
                    let label = rest.prefix { $0 != "=" }
                    guard Self.isLabelName(label) else { throw Problem.bad(line: n, "bad label name") }
                    rest = rest.dropFirst(label.count)
                    guard rest.hasPrefix("=\"") else { throw Problem.bad(line: n, "label without quoted value") }
                    rest = rest.dropFirst(2)
                    var value = ""
                    while true {
                        guard let c = rest.first else { throw Problem.bad(line: n, "unterminated label value") }
                        rest = rest.dropFirst()
                        if c == "\"" { break }
                        if c == "\\" {
                            guard let e = rest.first else { throw Problem.bad(line: n, "dangling escape") }
                            rest = rest.dropFirst()
                            switch e {
                            case "\\": value += "\\"
                            case "\"": value += "\""
                            case "n": value += "\n"
                            default: throw Problem.bad(line: n, "bad escape \\\(e)")
                            }
                        } else {
                            value.append(c)
                        }
                    }
                    guard labels.updateValue(value, forKey: String(label)) == nil else {
                        throw Problem.bad(line: n, "label twice")
                    }
                    if rest.first == "," {
                        rest = rest.dropFirst()
                    } else if rest.first != "}" {
                        throw Problem.bad(line: n, "expected , or }")
                    }
                }
                rest = rest.dropFirst()
            }
            guard rest.first == " " else { throw Problem.bad(line: n, "no space before value") }
            let fields = rest.dropFirst().split(separator: " ")
            guard (1...2).contains(fields.count), let value = Double(fields[0]) else {
                throw Problem.bad(line: n, "bad value")
            }
            samples.append(Sample(name: String(name), labels: labels, value: value))
        }
        for name in Set(samples.map(\.name)) where types[name] == nil || helps[name] == nil {
            throw Problem.bad(line: 0, "\(name) has no TYPE or HELP")
        }
    }

    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }
}

@Suite struct MetricsFileTests {
    static let finished: Int64 = 1_793_500_000

    @Test func aRunsMetricsParseAsPrometheusTextAndCarryItsFigures() throws {
        let dir = try TemporaryDirectory()
        let outcome = try OpsFixtures.run(in: dir)
        let status = MetricsFile.RunStatus(
            exitStatus: outcome.exitStatus, finishedAt: Self.finished, durationMs: 2_345, previousSuccess: nil)
        let path = dir.path + "/metrics/reconcile.prom"
        try MetricsFile(outcome: outcome, status: status).write(to: path)
        let parsed = try Exposition(Array(try Data(contentsOf: URL(fileURLWithPath: path))))

        #expect(parsed.samples.allSatisfy { $0.name.hasPrefix("reconcile_") })
        #expect(parsed.types.values.allSatisfy { $0 == "gauge" })
        #expect(parsed.value("reconcile_last_success_timestamp_seconds") == Double(Self.finished))
        #expect(parsed.value("reconcile_last_run_duration_seconds") == 2.345)
        #expect(parsed.value("reconcile_last_run_exit_code") == 1)
        #expect(parsed.value("reconcile_last_run_quarantined_files") == 1)
        #expect(parsed.value("reconcile_last_run_files", ["fate": "quarantined"]) == 1)
        #expect(parsed.value("reconcile_last_run_bytes_read") == Double(outcome.bytesRead))
        #expect(parsed.value("reconcile_last_run_records", ["outcome": "new"]) == Double(outcome.totals.new))
        #expect(parsed.value("reconcile_last_run_events", ["status": "failed"]) == 1)
        #expect(parsed.value("reconcile_last_run_events", ["status": "processed"]) == 1)
        for kind in ExceptionKind.reconciled {
            #expect(parsed.value("reconcile_last_run_exceptions", ["kind": kind.rawValue]) != nil, "\(kind)")
        }
        // Atomic replacement leaves no temporary file beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/metrics") == ["reconcile.prom"])
    }

    @Test func aFailedRunKeepsThePreviousSuccessTime() throws {
        let earlier = MetricsFile(
            outcome: nil,
            status: .init(exitStatus: .clean, finishedAt: 0, durationMs: 0, previousSuccess: 1_700_000_000))
        let previous = MetricsFile.previousSuccess(in: earlier.render())
        #expect(previous == 1_700_000_000)
        let failed = MetricsFile(
            outcome: nil,
            status: .init(exitStatus: .locked, finishedAt: Self.finished, durationMs: 12, previousSuccess: previous))
        let parsed = try Exposition(failed.render())
        #expect(parsed.value("reconcile_last_run_exit_code") == 75)
        #expect(parsed.value("reconcile_last_success_timestamp_seconds") == 1_700_000_000)
        #expect(parsed.value("reconcile_last_run_timestamp_seconds") == Double(Self.finished))
        #expect(parsed.value("reconcile_last_run_duration_seconds") == 0.012)
        // Without a report there are no per-run figures at all, rather than misleading zeros.
        #expect(parsed.value("reconcile_last_run_records", ["outcome": "new"]) == nil)
        let never = MetricsFile(
            outcome: nil,
            status: .init(exitStatus: .cannotWrite, finishedAt: Self.finished, durationMs: 1, previousSuccess: nil))
        #expect(try Exposition(never.render()).value("reconcile_last_success_timestamp_seconds") == nil)
    }

    @Test func aDryRunIsNotASuccess() throws {
        let dir = try TemporaryDirectory()
        let outcome = try OpsFixtures.run(in: dir, dryRun: true)
        let m = MetricsFile(
            outcome: outcome,
            status: .init(exitStatus: outcome.exitStatus, finishedAt: Self.finished, durationMs: 1, previousSuccess: 5))
        let parsed = try Exposition(m.render())
        #expect(parsed.value("reconcile_last_success_timestamp_seconds") == 5)
        #expect(parsed.value("reconcile_last_run_dry_run") == 1)
    }

    @Test func labelValuesAndHelpAreEscapedPerTheFormat() throws {
        #expect(MetricsFile.escapeLabel("a\\b\"c\nd") == #"a\\b\"c\nd"#)
        #expect(MetricsFile.escapeHelp("x\\y\nz\"") == #"x\\y\nz""#)
        #expect(MetricsFile.seconds(milliseconds: 5) == "0.005")
        #expect(MetricsFile.seconds(milliseconds: 61_020) == "61.020")
        // A kind with every awkward character survives a round trip through the parser.
        let family = MetricsFile.Family(
            name: "reconcile_test", help: "h", type: "gauge",
            samples: [.init([("kind", "we\"ird\\kind\nx")], "3")])
        let text = MetricsFile(families: [family]).render()
        #expect(try Exposition(text).value("reconcile_test", ["kind": "we\"ird\\kind\nx"]) == 3)
    }

    @Test func theParserRejectsWhatTheCollectorWould() {
        for bad in [
            "reconcile_x 1", "# TYPE reconcile_x gauge\n# HELP reconcile_x h\nreconcile_x{k=\"v} 1\n",
            "# TYPE reconcile_x gauge\n# HELP reconcile_x h\nreconcile_x one\n",
            "# TYPE reconcile_x gauge\n# HELP reconcile_x h\nreconcile_x{k=\"a\\tb\"} 1\n",
            "# TYPE reconcile_x gauge\n# HELP reconcile_x h\nreconcile_y 1\n",
        ] {
            #expect(throws: (any Error).self, "\(bad)") { _ = try Exposition(Array(bad.utf8)) }
        }
    }
}
