import Foundation
import Testing

@testable import ReconcileKit

/// A run names its busiest statements on the state's connection (`--log-level debug` logs them), so
/// a slow night says which queries it spent its time in. Only counts and order are asserted, never
/// a duration.
@Suite struct StatementTimingsTests {
    /// What the run hands over, kept for the test.
    final class Received: @unchecked Sendable {
        private let lock = NSLock()
        private var calls: [[StatementTimings.Entry]] = []
        func add(_ entries: [StatementTimings.Entry]) { lock.withLock { calls.append(entries) } }
        var all: [[StatementTimings.Entry]] { lock.withLock { calls } }
    }

    @Test func aRunNamesItsBusiestStatementsOnceLongestFirst() throws {
        let dir = try TemporaryDirectory()
        let events = (1...20).map {
            OpsFixtures.checkout(
                "evt_timed\($0)", tenant: "tnt_a", date: "2027-05-\(10 + $0)", created: 1_788_000_000 + Int64($0))
        }
        try dir.write("inbox/webhooks/night.ndjson", events.joined(separator: "\n") + "\n")
        var config = RunConfiguration(
            inbox: dir.path + "/inbox", outbox: dir.path + "/outbox", state: dir.path + "/state",
            asOf: 1_793_491_200, now: Clock.now() + 60, settleSeconds: 0)
        let received = Received()
        config.statementsTimed = { received.add($0) }
        let outcome = try Runner(configuration: config).run()
        #expect(outcome.report.records.reduce(0) { $0 + $1.counts.new } == 20)

        #expect(received.all.count == 1)
        let busiest = try #require(received.all.first)
        #expect(busiest.count == Runner.statementsShown, "a run runs more distinct statements than are shown")
        #expect(Set(busiest.map(\.name)).count == busiest.count)
        #expect(zip(busiest, busiest.dropFirst()).allSatisfy { $0.nanoseconds >= $1.nanoseconds })
        #expect(busiest.allSatisfy { $0.calls >= 1 })
    }

    @Test func theStatementsOfARunThatFailedAreNamedToo() throws {
        let dir = try TemporaryDirectory()
        // A run that cannot scan its inbox fails after the state is open.
        var config = RunConfiguration(
            inbox: dir.path + "/no-such-inbox", outbox: dir.path + "/outbox", state: dir.path + "/state",
            asOf: 1_793_491_200, now: Clock.now() + 60, settleSeconds: 0)
        let received = Received()
        config.statementsTimed = { received.add($0) }
        #expect(throws: RunFailure.self) { try Runner(configuration: config).run() }
        #expect(received.all.count == 1)
        #expect(received.all.first?.isEmpty == false, "opening the state ran statements before the scan failed")
    }
}
