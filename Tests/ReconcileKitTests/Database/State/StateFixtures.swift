@testable import ReconcileKit

/// Values of the ledger and index types for the state's tests, and a way to write them as a run does.
enum StateFixtures {
    static let asOf = CalendarDate("2026-06-30")!

    /// Runs `body` in one transaction that ends by committing run `runID` (rows that name a run are
    /// checked against its row at commit).
    @discardableResult
    static func inRun<T>(_ state: StateDatabase, _ runID: String, _ body: () throws -> T) throws -> T {
        try state.transaction {
            let result = try body()
            try state.runs.commit(
                runID: runID, time: 1_767_225_600, asOf: asOf, manifest: Array("{\"runId\":\"\(runID)\"}".utf8),
                changesDigest: ObjectID(digestOf: Array(runID.utf8)))
            return result
        }
    }

    static func event(_ tenant: String, _ id: String, run: String = "r1", created: Int64 = 1_767_225_600) -> EventState
    {
        EventState(
            eventID: id, type: "checkout.session.completed", tenantID: TenantID(tenant), created: created,
            status: .pending,
            lastError: nil, attempts: 1, history: [EventTransition(from: nil, to: .pending, runID: run)])
    }

    static func booking(
        _ tenant: String, _ id: String, date: String, paymentIntent: String? = nil, event: String? = nil,
        total: Cents = 150_000, full: Bool = false
    ) -> Booking {
        Booking(
            id: id, tenantID: TenantID(tenant), date: CalendarDate(date)!, status: .paid, total: total, currency: "eur",
            paidAt: 1_767_225_600, checkoutSessionID: id, paymentIntentID: paymentIntent, rate: BasisPoints(1_000),
            commission: total / 10, refunded: 0, reversed: 0, refundStatus: .none, eventID: event ?? "evt_\(id)",
            packageID: full ? "pkg_gold" : nil, tierID: full ? "tier_1" : nil,
            addOnIDs: full ? ["add_a", "add_\"b\"", "ü"] : [],
            metadataCommissionAmount: full ? 15_001 : nil, metadataCommissionRate: full ? BasisPoints(1_250) : nil,
            warnings: full ? [.addOnIDsUnreadable, .commissionMetadataUnreadable] : [])
    }

    static func line(
        _ sequence: Int, _ booking: Booking, kind: LedgerLine.Kind = .payment, time: Int64? = nil,
        eventTenant: TenantID? = nil
    ) -> LedgerLine {
        LedgerLine(
            sequence: sequence, kind: kind, time: time ?? booking.paidAt, tenantID: booking.tenantID,
            bookingID: booking.id,
            eventID: booking.eventID, eventTenantID: eventTenant, currency: booking.currency, rate: booking.rate,
            gross: kind == .payment ? booking.total : 0, commission: kind == .payment ? booking.commission : 0,
            refund: kind == .refund ? 100 : 0, commissionReversed: kind == .refund ? 10 : 0)
    }

    /// Stores the events and bookings (events first: a booking names its event).
    static func store(_ state: StateDatabase, events: [EventState] = [], bookings: [Booking]) throws {
        try state.events.upsert(bookings.map { event($0.tenantID.rawValue, $0.eventID) } + events)
        try state.bookings.upsert(bookings)
    }

    /// The error `body` throws, which must be of type `E`.
    static func error<E: Error>(_ type: E.Type, _ body: () throws -> Void) -> E? {
        do { try body() } catch let error as E { return error } catch { return nil }
        return nil
    }
}
