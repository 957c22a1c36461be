extension ApplyFailure {
    /// What fixes the failure, for the run report: `retry` helps only when the cause
    /// can change outside the event (a tenant or a booking that arrives later); a date or a
    /// checkout already booked, or broken metadata, never changes by retrying.
    var advice: String {
        switch self {
        case .unknownTenant:
            "add the tenant to the platform's tenant export, then run reconcile retry"
        case .noBookingForPaymentIntent:
            "run reconcile retry once the payment it refunds has arrived"
        case .invalidMetadata:
            "the checkout's metadata is invalid: a retry cannot fix it; refund the customer or book by hand"
        case .nonPositiveTotal, .invalidRefundAmount:
            "the provider's amount is invalid: a retry cannot fix it; ask the payment provider"
        case .dateAlreadyBooked:
            "the date is already booked: refund the customer or move them to a new date; a retry cannot help"
        case .checkoutSessionAlreadyBooked, .paymentIntentAlreadyBooked:
            "the payment already booked another date: refund the duplicate payment; a retry cannot help"
        case .paymentIntentOfSeveralTenants:
            "the refund names no tenant: apply it by hand to the right tenant's booking; a retry cannot help"
        }
    }

    /// Whether `reconcile retry` can succeed once the cause outside the event is fixed.
    var retryCanHelp: Bool {
        switch self {
        case .unknownTenant, .noBookingForPaymentIntent: true
        default: false
        }
    }
}
