/// A ledger booking paired with the platform's booking for it (SPEC §6).
public struct BookingMatch: Equatable, Sendable, Codable {
    /// Tried in this order; each ledger and platform booking is matched at most once.
    public enum Rule: String, Sendable, Codable {
        case checkoutSession = "checkout_session"
        case paymentIntent = "payment_intent"
        case tenantDate = "tenant_date"
    }

    public let tenantID: String
    public let bookingID: String
    public let platformBookingID: String
    public let rule: Rule

    public init(tenantID: TenantID, bookingID: String, platformBookingID: String, rule: Rule) {
        self.tenantID = tenantID.rawValue
        self.bookingID = bookingID
        self.platformBookingID = platformBookingID
        self.rule = rule
    }
}
