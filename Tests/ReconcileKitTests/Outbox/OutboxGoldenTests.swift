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
        try expectGolden(name, equals: rendered)
    }

    @Test func renderingTwiceGivesIdenticalBytes() {
        for r in Self.renderings { #expect(r.render() == r.render(), "\(r.name)") }
    }
}
