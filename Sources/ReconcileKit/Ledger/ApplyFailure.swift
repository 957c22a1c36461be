/// Why an event could not be applied. ``lastError`` is the text stored on the FAILED event; it
/// never contains customer data.
enum ApplyFailure: Error, Equatable, Sendable {
    /// Checkout metadata missing, not strings, empty, or `eventDate` not a real date.
    case invalidMetadata
    case unknownTenant
    /// `amount_total` null, missing, not an integer, or ≤ 0.
    case nonPositiveTotal
    /// A booking already holds `(tenantId, eventDate)`, whatever its status.
    case dateAlreadyBooked(CalendarDate)
    /// Another event already booked this checkout session (for another date).
    case checkoutSessionAlreadyBooked
    /// Another booking was already paid by this payment intent.
    case paymentIntentAlreadyBooked
    case noBookingForPaymentIntent
    /// `amount_refunded` null, missing, not an integer, or negative.
    case invalidRefundAmount
    /// The refund's metadata names no tenant, and bookings of several tenants hold its payment
    /// intent: it cannot be told which tenant's booking it refunds.
    case paymentIntentOfSeveralTenants

    var lastError: String {
        switch self {
        case .invalidMetadata: "Invalid metadata - validation failed"
        case .unknownTenant: "Unknown tenant"
        case .nonPositiveTotal: "Booking total must be positive"
        case .dateAlreadyBooked(let date): "Date \(date.text) is already booked"
        case .checkoutSessionAlreadyBooked: "Checkout session is already booked"
        case .paymentIntentAlreadyBooked: "Payment intent is already booked"
        case .noBookingForPaymentIntent: "No booking for payment intent"
        case .invalidRefundAmount: "Refund amount must be a non-negative integer"
        case .paymentIntentOfSeveralTenants: "Refund names no tenant and several tenants hold its payment intent"
        }
    }
}
