import Foundation
import Testing
@testable import ReconcileKit

/// Byte-for-byte comparison of every outbox rendering with its golden file in
/// `Fixtures/golden/`. Re-record with `RECONCILE_RECORD_GOLDEN=1 swift test --filter OutboxGoldenTests`
/// and review the diff.
@Suite struct OutboxGoldenTests {
    static let renderings: [(name: String, render: @Sendable () -> [UInt8])] = [
        ("statement-tnt_bella-2026-09.csv", { OutboxFixtures.statement.renderCSV() }),
        ("statement-tnt_bella-2026-09.json", { OutboxFixtures.statement.renderJSON(stamp: OutboxFixtures.stamp) }),
        ("statement-tnt_bella-2026-09.html", { OutboxFixtures.statement.renderHTML(stamp: OutboxFixtures.stamp) }),
        ("month-2026-09-index.html", { MonthIndexFixtures.index.renderHTML() }),
        ("month-2026-09-summary.csv", { MonthSummary.renderCSV(MonthIndexFixtures.index) }),
        ("report.json", { OutboxFixtures.report.renderJSON() }),
        ("report.md", { OutboxFixtures.report.renderMarkdown() }),
        ("exceptions.csv", { OutboxFixtures.report.renderExceptionsCSV() }),
    ]

    @Test(arguments: renderings.map(\.name))
    func renderingMatchesGoldenFile(name: String) throws {
        let rendered = Self.renderings.first { $0.name == name }!.render()
        if ProcessInfo.processInfo.environment["RECONCILE_RECORD_GOLDEN"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/golden/\(name)")
            try Data(rendered).write(to: source, options: .atomic)
            return
        }
        let dot = name.lastIndex(of: ".")!
        let url = try #require(
            Bundle.module.url(forResource: String(name[..<dot]), withExtension: String(name[name.index(after: dot)...]),
                              subdirectory: "Fixtures/golden"),
            "golden file \(name) is missing: run with RECONCILE_RECORD_GOLDEN=1")
        let golden = Array(try Data(contentsOf: url))
        #expect(rendered == golden, "\(name) differs from its golden file; re-record with RECONCILE_RECORD_GOLDEN=1 if the change is intended")
    }

    @Test func renderingTwiceGivesIdenticalBytes() {
        for r in Self.renderings { #expect(r.render() == r.render(), "\(r.name)") }
    }
}
