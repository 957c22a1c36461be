@testable import ReconcileKit

/// Lookups by id alone, for tests whose fixtures give every id to one tenant only: each traps when
/// two tenants hold the id, so a test can never read another tenant's record by mistake.
extension Ledger {
    func booking(id: String) -> Booking? {
        let found = bookings.filter { $0.id == id }
        precondition(found.count <= 1, "booking id \(id) is held by several tenants: look it up by ScopedID")
        return found.first
    }

    func booking(paymentIntent: String) -> Booking? {
        let found = bookings.filter { $0.paymentIntentID == paymentIntent }
        precondition(found.count <= 1, "payment intent \(paymentIntent) is held by several tenants")
        return found.first
    }

    func eventState(id: String) -> EventState? {
        let found = eventStates.filter { $0.eventID == id }
        precondition(found.count <= 1, "event id \(id) is held by several tenants: look it up by ScopedID")
        return found.first
    }

    func lines(ofBooking id: String) -> [LedgerLine] {
        booking(id: id).map { lines(ofBooking: $0.key) } ?? []
    }
}

/// `"a"` is the id `a` of tenant `t` (tests of the tables keyed by ``ScopedID``).
extension ScopedID: ExpressibleByStringLiteral {
    public init(stringLiteral id: String) { self.init(TenantID("t"), id) }
}
