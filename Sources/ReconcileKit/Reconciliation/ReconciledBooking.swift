/// One booking as both sides see it: the ledger's, the platform's, or a matched pair. A class, so
/// sorting and passing it around moves one reference. Each side is a position in the
/// array that holds it (the ledger's bookings, the platform's), not a copy: a million
/// reconciled bookings held ~500 bytes of copied `Booking` and `PlatformBooking` each.
final class ReconciledBooking: Sendable {
    let tenantID: TenantID
    private let ledgerSide: [Booking]
    private let ledgerPosition: Int
    private let platformSide: [PlatformBooking]
    private let platformPosition: Int
    /// The ledger booking id, "" when none; kept apart so sorting need not look into `ledger`.
    let ledgerID: String
    /// The platform booking id, "" when none.
    let platformID: String
    /// The rule that paired the two sides, nil unless both are there.
    let rule: BookingMatch.Rule?

    /// Each side as a position in its array (`nil`: no such side).
    init(
        tenantID: TenantID, ledger: (bookings: [Booking], position: Int)?,
        platform: (bookings: [PlatformBooking], position: Int)?,
        rule: BookingMatch.Rule? = nil
    ) {
        precondition(ledger != nil || platform != nil)
        precondition(rule == nil || (ledger != nil && platform != nil), "only a pair has a rule")
        self.tenantID = tenantID
        (ledgerSide, ledgerPosition) = ledger ?? ([], -1)
        (platformSide, platformPosition) = platform ?? ([], -1)
        self.ledgerID = ledger.map { $0.bookings[$0.position].id } ?? ""
        self.platformID = platform.map { $0.bookings[$0.position].id } ?? ""
        self.rule = rule
    }

    /// Each side as a value (tests, and any caller without the arrays).
    convenience init(tenantID: TenantID, ledger: Booking?, platform: PlatformBooking?, rule: BookingMatch.Rule? = nil) {
        self.init(
            tenantID: tenantID, ledger: ledger.map { ([$0], 0) }, platform: platform.map { ([$0], 0) }, rule: rule)
    }

    var ledger: Booking? { ledgerPosition < 0 ? nil : ledgerSide[ledgerPosition] }
    var platform: PlatformBooking? { platformPosition < 0 ? nil : platformSide[platformPosition] }

    /// The pairing, when a rule paired the two sides.
    var match: BookingMatch? {
        guard let ledger, let platform, let rule else { return nil }
        return BookingMatch(tenantID: tenantID, bookingID: ledger.id, platformBookingID: platform.id, rule: rule)
    }

    /// Every id a bank reference may name: confirmation code, platform booking id, checkout
    /// session id and payment intent, of both sides.
    var identifiers: Set<String> {
        var ids: Set<String> = []
        for id in [
            ledger?.checkoutSessionID, ledger?.paymentIntentID, platform?.id, platform?.confirmationCode,
            platform?.checkoutSessionID, platform?.paymentIntentID,
        ] {
            if let id, !id.isEmpty { ids.insert(id) }
        }
        return ids
    }

    /// ``identifiers`` as a reference's tokens are compared with them (upper-cased), sorted.
    var namedAs: [String] { Set(identifiers.map { $0.uppercased() }).sorted() }

    /// What a settling credit should amount to: the ledger total (what the customer paid), else
    /// the platform's total.
    var expectedAmount: Cents { ledger?.total ?? platform!.totalCents }

    /// Sort order: tenant, then ledger booking id, then platform booking id, by UTF-8 bytes. No two
    /// bookings of a reconciliation share a key: a ledger booking id appears once, a platform
    /// booking id once per tenant.
    static func precedes(_ a: ReconciledBooking, _ b: ReconciledBooking) -> Bool {
        if a.tenantID != b.tenantID { return a.tenantID < b.tenantID }
        return a.ledgerID != b.ledgerID ? a.ledgerID.utf8Precedes(b.ledgerID) : a.platformID.utf8Precedes(b.platformID)
    }

    /// `bookings` sorted by ``precedes(_:_:)``, through integer keys (``UTF8KeyedSort``): tenant
    /// ranks, then the ledger ids; the platform ids only break ties (bookings without a ledger side).
    static func sorted(_ bookings: [ReconciledBooking]) -> [ReconciledBooking] {
        let tenants = DenseRanks.of(bookings.map(\.tenantID), by: <)
        let order = UTF8KeyedSort.order(ids: bookings.map(\.ledgerID), groups: tenants) {
            bookings[$0].platformID.utf8Compare(bookings[$1].platformID)
        }
        return order.map { bookings[$0] }
    }
}
