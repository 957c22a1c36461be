/// One booking as both sides see it: the ledger's, the platform's, or a matched pair.
struct ReconciledBooking: Sendable {
    let tenantID: TenantID
    let ledger: Booking?
    let platform: PlatformBooking?

    init(tenantID: TenantID, ledger: Booking?, platform: PlatformBooking?) {
        precondition(ledger != nil || platform != nil)
        self.tenantID = tenantID
        self.ledger = ledger
        self.platform = platform
    }

    /// Every id a bank reference may name: confirmation code, platform booking id, checkout
    /// session id and payment intent, of both sides.
    var identifiers: Set<String> {
        var ids: Set<String> = []
        for id in [ledger?.checkoutSessionID, ledger?.paymentIntentID, platform?.id, platform?.confirmationCode,
                   platform?.checkoutSessionID, platform?.paymentIntentID] {
            if let id, !id.isEmpty { ids.insert(id) }
        }
        return ids
    }

    /// What a settling credit should amount to: the ledger total (what the customer paid), else
    /// the platform's total.
    var expectedAmount: Cents { ledger?.total ?? platform!.totalCents }

    /// Sort and display key: ledger booking id, then platform booking id.
    var sortKey: (String, String) { (ledger?.id ?? "", platform?.id ?? "") }
}
