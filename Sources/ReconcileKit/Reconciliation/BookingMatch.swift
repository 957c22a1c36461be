/// A ledger booking paired with the platform's booking for it (SPEC §6).
struct BookingMatch: Equatable, Sendable, Codable {
    /// Tried in this order; each ledger and platform booking is matched at most once.
    enum Rule: String, Sendable, Codable {
        case checkoutSession = "checkout_session"
        case paymentIntent = "payment_intent"
        case tenantDate = "tenant_date"
    }

    let tenantID: TenantID
    let bookingID: String
    let platformBookingID: String
    let rule: Rule

    init(tenantID: TenantID, bookingID: String, platformBookingID: String, rule: Rule) {
        self.tenantID = tenantID
        self.bookingID = bookingID
        self.platformBookingID = platformBookingID
        self.rule = rule
    }
}
