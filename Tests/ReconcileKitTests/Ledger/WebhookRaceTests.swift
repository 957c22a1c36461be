import Testing

@testable import ReconcileKit

/// The platform's own webhook race tests, at the level of the pure ledger. The store dedups
/// identical deliveries by objectID before the ledger sees them; these prove the ledger holds
/// the same guarantees on its own.
@Suite struct WebhookRaceTests {
    typealias F = LedgerFixtures

    @Test func sameEventTenTimesMakesOneBookingAndOneProcessedEvent() {
        var ledger = Ledger()
        let event = F.checkout(id: "evt_same")
        var dispositions: [EventDisposition] = []
        for attempt in 1...10 {
            dispositions.append(ledger.apply(event, tenants: F.directory(), runID: "run\(attempt)"))
        }
        #expect(dispositions.first == .processed(.booked(bookingID: "cs_evt_same", warnings: [])))
        #expect(dispositions.dropFirst().allSatisfy { $0 == .alreadyRecorded(.processed) })
        #expect(ledger.bookings.count == 1)
        #expect(ledger.lines.count == 1)
        #expect(ledger.eventStates.count == 1)
        #expect(ledger.eventState(id: "evt_same")?.status == .processed)
        #expect(ledger.eventState(id: "evt_same")?.attempts == 1)
        #expect(ledger.invariantViolations().isEmpty)
    }

    @Test func fiveEventsForOneTenantAndDateMakeOneBookingAndFourFailures() {
        var ledger = Ledger()
        let events = (1...5).map { F.checkout(id: "evt_\($0)", created: F.jan1 + Int64($0)) }
        let dispositions = ProviderEvent.sortedForApplication(events.reversed()).map {
            ledger.apply($0, tenants: F.directory(), runID: "run1")
        }
        #expect(dispositions[0] == .processed(.booked(bookingID: "cs_evt_1", warnings: [])))
        #expect(ledger.bookings.map(\.id) == ["cs_evt_1"])
        let failed = ledger.eventStates.filter { $0.status == .failed }
        #expect(failed.map(\.eventID) == ["evt_2", "evt_3", "evt_4", "evt_5"])
        #expect(failed.allSatisfy { $0.lastError == "Date 2026-09-12 is already booked" })
        #expect(ledger.eventStates.filter { $0.status == .processed }.count == 1)
    }

    @Test func threeEventsOnThreeDatesMakeThreeBookings() {
        var ledger = Ledger()
        for (i, date) in ["2026-09-12", "2026-09-13", "2026-10-01"].enumerated() {
            let d = ledger.apply(
                F.checkout(id: "evt_\(i)", created: F.jan1 + Int64(i), metadata: F.metadata(date: date)),
                tenants: F.directory(), runID: "run1")
            #expect(d == .processed(.booked(bookingID: "cs_evt_\(i)", warnings: [])))
        }
        #expect(ledger.bookings.map(\.date.text) == ["2026-09-12", "2026-09-13", "2026-10-01"])
        #expect(ledger.eventStates.allSatisfy { $0.status == .processed })
    }

    @Test func redeliveredFailedEventStaysFailedAndIsNotReapplied() throws {
        var ledger = Ledger()
        let event = F.checkout(id: "evt_1", metadata: F.metadata(tenant: "tnt_late"))
        #expect(ledger.apply(event, tenants: F.directory(), runID: "run1") == .failed(.unknownTenant))
        // The tenant now exists, but a redelivery is not a retry.
        let withTenant = F.directory(F.tenant(), F.tenant(TenantID("tnt_late")))
        #expect(ledger.apply(event, tenants: withTenant, runID: "run2") == .alreadyRecorded(.failed))
        let state = try #require(ledger.eventState(id: "evt_1"))
        #expect(state.status == .failed)
        #expect(state.attempts == 1)
        #expect(state.history.count == 2)
        #expect(ledger.bookings.isEmpty)
    }

    @Test func unknownTenantThenRetryAfterTheTenantAppearsIsProcessedOnAttemptTwo() throws {
        var ledger = Ledger()
        let event = F.checkout(id: "evt_1", metadata: F.metadata(tenant: "tnt_late"))
        #expect(ledger.apply(event, tenants: F.directory(), runID: "run1") == .failed(.unknownTenant))
        #expect(ledger.eventState(id: "evt_1")?.lastError == "Unknown tenant")
        #expect(ledger.failedEvents.map(\.eventID) == ["evt_1"])

        let withTenant = F.directory(F.tenant(), F.tenant(TenantID("tnt_late"), percent: "12.5"))
        #expect(
            ledger.retry(event, tenants: withTenant, runID: "retry1")
                == .processed(.booked(bookingID: "cs_evt_1", warnings: [])))
        let state = try #require(ledger.eventState(id: "evt_1"))
        #expect(state.status == .processed)
        #expect(state.attempts == 2)
        #expect(state.lastError == nil)
        #expect(
            state.history == [
                EventTransition(from: nil, to: .pending, runID: "run1"),
                EventTransition(from: .pending, to: .failed, runID: "run1", error: "Unknown tenant"),
                EventTransition(from: .failed, to: .pending, runID: "retry1"),
                EventTransition(from: .pending, to: .processed, runID: "retry1"),
            ])
        #expect(ledger.booking(id: "cs_evt_1")?.commission == 12_500)
        #expect(ledger.failedEvents.isEmpty)
        // Only FAILED events are retried.
        #expect(ledger.retry(event, tenants: withTenant, runID: "retry2") == .notRetryable(.processed))
        #expect(ledger.retry(F.checkout(id: "evt_never"), tenants: withTenant, runID: "retry2") == .notRetryable(nil))
    }

    @Test func retryThatFailsAgainCountsTheAttemptAndKeepsTheNewError() throws {
        var ledger = Ledger()
        let event = F.checkout(id: "evt_1", metadata: F.metadata(tenant: "tnt_late"))
        _ = ledger.apply(event, tenants: F.directory(), runID: "run1")
        #expect(ledger.retry(event, tenants: F.directory(), runID: "retry1") == .failed(.unknownTenant))
        let state = try #require(ledger.eventState(id: "evt_1"))
        #expect(state.status == .failed)
        #expect(state.attempts == 2)
        #expect(state.lastError == "Unknown tenant")
    }
}
