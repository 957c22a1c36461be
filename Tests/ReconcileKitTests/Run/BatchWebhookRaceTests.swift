import Foundation
import Testing

@testable import ReconcileKit

/// The platform's own webhook race-condition tests, translated to batch input: files in an inbox,
/// a real run through the runner, a real state store on disk.
@Suite struct BatchWebhookRaceTests {
    static let tenants =
        #"{"exportType":"tenants","exportedAt":"2026-01-01T00:00:00Z","records":[{"id":"tnt_bella","slug":"bella","name":"Bella","commissionPercent":"7"}]}"#

    static func checkout(
        _ id: String, date: String, created: Int64 = 1_790_000_000, amount: Int64 = 100_000,
        tenant: String = "tnt_bella"
    ) -> String {
        """
        {"id":"\(id)","object":"event","type":"checkout.session.completed","created":\(created),"livemode":false,\
        "data":{"object":{"id":"cs_\(id)","object":"checkout.session","amount_total":\(amount),"currency":"usd","payment_intent":"pi_\(id)",\
        "metadata":{"tenantId":"\(tenant)","packageId":"pkg_1","eventDate":"\(date)","email":"c@example.com","coupleName":"C & D"}}}}
        """
    }

    struct Harness {
        let dir: TemporaryDirectory
        init() throws { dir = try TemporaryDirectory() }

        func add(_ path: String, _ text: String) throws {
            try dir.write("inbox/" + path, text, modified: Date(timeIntervalSince1970: 1_700_000_000))
        }

        @discardableResult
        func run(_ mode: RunMode = .run) throws -> RunOutcome {
            let config = RunConfiguration(
                inbox: dir.path + "/inbox", outbox: dir.path + "/outbox", state: dir.path + "/state",
                mode: mode, asOf: 1_800_000_000, now: 1_800_000_000, jobs: 2)
            return try Runner(configuration: config).run()
        }

        func ledger() throws -> Ledger { try StoredState.load(state: dir.path + "/state").ledger }
    }

    @Test func theSameEventInTenFilesMakesOneBookingAndOneProcessedEvent() throws {
        let h = try Harness()
        try h.add("tenants.json", Self.tenants)
        for i in 0..<10 {
            try h.add(
                "webhooks/copy-\(i).json",
                Self.checkout("evt_same", date: "2027-06-01") + String(repeating: " ", count: i))
        }
        let outcome = try h.run()
        let ledger = try h.ledger()
        #expect(ledger.bookings.count == 1)
        #expect(ledger.eventStates.filter { $0.status == .processed }.map(\.eventID) == ["evt_same"])
        #expect(outcome.report.events.applied == 1)
        #expect(outcome.report.records.first { $0.kind == .event }?.counts.duplicate == 9)
    }

    @Test func fiveEventsForOneTenantAndDateMakeOneBookingAndFourFailures() throws {
        let h = try Harness()
        try h.add("tenants.json", Self.tenants)
        for i in 0..<5 {
            try h.add(
                "webhooks/evt_\(i).json",
                Self.checkout("evt_\(i)", date: "2027-06-01", created: 1_790_000_000 + Int64(i)))
        }
        let outcome = try h.run()
        let ledger = try h.ledger()
        #expect(ledger.bookings.map(\.eventID) == ["evt_0"], "the earliest event wins")
        #expect(
            outcome.report.events.failed.map(\.lastError)
                == Array(repeating: "Date 2027-06-01 is already booked", count: 4))
        #expect(outcome.exitStatus == .attention)
    }

    @Test func threeEventsOnThreeDatesMakeThreeBookings() throws {
        let h = try Harness()
        try h.add("tenants.json", Self.tenants)
        try h.add(
            "batch.ndjson",
            ["2027-06-01", "2027-06-02", "2027-06-03"].enumerated()
                .map {
                    Self.checkout("evt_\($0.offset)", date: $0.element).replacingOccurrences(of: "\n", with: "") + "\n"
                }.joined())
        try h.run()
        #expect(try h.ledger().bookings.map(\.date.description) == ["2027-06-01", "2027-06-02", "2027-06-03"])
    }

    @Test func aRedeliveredFailedEventStaysFailedAndIsNotReapplied() throws {
        let h = try Harness()
        try h.add("tenants.json", Self.tenants)
        try h.add("a/evt_1.json", Self.checkout("evt_1", date: "2027-06-01", amount: 0))
        try h.run()
        try h.add("b/evt_1-again.json", Self.checkout("evt_1", date: "2027-06-01", amount: 0) + "\n")
        let second = try h.run()
        let state = try #require(try h.ledger().eventState(id: "evt_1"))
        #expect(state.status == .failed)
        #expect(state.lastError == "Booking total must be positive")
        #expect(state.attempts == 1)
        #expect(second.report.events.failed.isEmpty, "the redelivery is a duplicate, not a new failure")
    }

    @Test func anUnknownTenantFailsAndRetryAppliesItOnceTheExportNamesIt() throws {
        let h = try Harness()
        try h.add("evt_ghost.json", Self.checkout("evt_ghost", date: "2027-06-01", tenant: "tnt_ghost"))
        let first = try h.run()
        #expect(first.report.events.failed.map(\.lastError) == ["Unknown tenant"])
        try h.add("tenants.json", Self.tenants.replacingOccurrences(of: "tnt_bella", with: "tnt_ghost"))
        let plain = try h.run()
        #expect(plain.report.events.applied == 0, "a FAILED event is not retried on its own")
        let retry = try h.run(.retry)
        #expect(retry.report.events.applied == 1)
        let state = try #require(try h.ledger().eventState(id: "evt_ghost"))
        #expect(state.status == .processed)
        #expect(state.attempts == 2)
    }

    @Test func theSameEventIDWithChangedContentIsAConflictAndTheFirstStands() throws {
        let h = try Harness()
        try h.add("tenants.json", Self.tenants)
        try h.add("a.json", Self.checkout("evt_x", date: "2027-06-01", amount: 100_000))
        try h.add("b.json", Self.checkout("evt_x", date: "2027-06-01", amount: 1))
        let outcome = try h.run()
        #expect(outcome.report.records.first { $0.kind == .event }?.counts.conflict == 1)
        #expect(try h.ledger().bookings.map(\.total) == [100_000])
    }
}
