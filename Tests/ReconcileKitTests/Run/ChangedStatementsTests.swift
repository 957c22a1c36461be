import Foundation
import Testing

@testable import ReconcileKit

/// A run compares with the outbox only the statements it may have changed, when the
/// outbox holds the statements of the state the run started from — and gets the same files as a
/// run that compares them all.
@Suite struct ChangedStatementsTests {
    typealias Race = BatchWebhookRaceTests
    static let september: Int64 = 1_790_000_000  // 2026-09-21
    static let october: Int64 = 1_793_000_000  // 2026-10-26

    func nightOne() throws -> Race.Harness {
        let h = try Race.Harness()
        try h.add("tenants.json", Race.tenants)
        try h.add("night-1/a.json", Race.checkout("evt_a", date: "2027-06-01", created: Self.september))
        try h.add("night-1/b.json", Race.checkout("evt_b", date: "2027-06-02", created: Self.october))
        try h.run()
        try h.add("night-2/c.json", Race.checkout("evt_c", date: "2027-06-03", created: Self.october + 3_600))
        return h
    }

    @Test func aNightWithOneOctoberPaymentComparesOnlyTheOctoberStatement() throws {
        let h = try nightOne()
        let outcome = try h.run()
        let written = try #require(outcome.published).written
        #expect(written.contains("statements/2026-10/tnt_bella.json"))
        #expect(!written.contains { $0.hasPrefix("statements/2026-09/") }, "September was not touched")
        let listed = try #require(outcome.published).files.map(\.path)
        #expect(
            !listed.contains("statements/2026-09/tnt_bella.csv"), "untouched statements are neither built nor compared")
        #expect(listed.contains("statements/2026-10/index.html"), "the touched month's index is compared")
    }

    @Test func theScopedRunLeavesTheSameStatementsAsARunThatComparesThemAll() throws {
        let scoped = try nightOne()
        let full = try nightOne()
        // Without runs/latest the outbox is not known to match the state: every statement is compared.
        try FileManager.default.removeItem(atPath: full.dir.path + "/outbox/runs/latest")
        try scoped.run()
        try full.run()
        #expect(try tree(scoped.dir.path + "/outbox/statements") == tree(full.dir.path + "/outbox/statements"))
    }

    @Test func anOutboxThatDoesNotNameTheParentRunGetsEveryStatementCompared() throws {
        let h = try nightOne()
        let state = try StoredState.load(state: h.dir.path + "/state")
        let parent = try #require(try StateAccess.openExisting(h.dir.path + "/state").database.runs.head()).runID
        let outbox = OutboxWriter(root: h.dir.path + "/outbox")
        let night = Set<StatementID>()
        #expect(
            ChangedStatements(night: night, admitted: [RecordKey](), parentRunID: parent, outbox: outbox).scope(of: [])
                == .only([]))
        try FileManager.default.removeItem(atPath: h.dir.path + "/outbox/runs/latest")
        try FileManager.default.createSymbolicLink(
            atPath: h.dir.path + "/outbox/runs/latest", withDestinationPath: "some-other-run")
        #expect(
            ChangedStatements(night: night, admitted: [RecordKey](), parentRunID: parent, outbox: outbox).scope(of: [])
                == .all)
        #expect(
            ChangedStatements(night: night, admitted: [RecordKey](), parentRunID: nil, outbox: outbox).scope(of: [])
                == .all)
    }

    func tree(_ path: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for case let relative as String in FileManager.default.enumerator(atPath: path)! {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files[relative] = FileManager.default.contents(atPath: path + "/" + relative)
            }
        }
        return files
    }
}
