/// Pairs platform bookings with ledger bookings (SPEC §6): by checkout session id, else payment
/// intent, else `(tenantId, date)`, always within one tenant. Each rule is applied to every
/// platform booking before the next rule, so a weaker rule never steals a stronger rule's match;
/// within a rule, platform bookings are taken in `(tenantId, id)` order.
struct BookingMatcher {
    /// Sorted by ``ReconciledBooking/precedes(_:)``.
    let bookings: [ReconciledBooking]
    /// Sorted by tenant, then ledger booking id.
    let matches: [BookingMatch]

    init(ledger: Ledger, platform: [PlatformBooking]) {
        let platform = Self.byTenantAndID(platform)
        var ledgerFor = [Booking?](repeating: nil, count: platform.count)  // by platform index
        var rules = [BookingMatch.Rule?](repeating: nil, count: platform.count)
        var claimed: Set<String> = []

        func claim(_ index: Int, _ booking: Booking?, _ rule: BookingMatch.Rule) {
            guard ledgerFor[index] == nil, let booking, !claimed.contains(booking.id),
                  booking.tenantID == platform[index].tenantID else { return }
            ledgerFor[index] = booking
            claimed.insert(booking.id)
            rules[index] = rule
        }
        for (i, p) in platform.enumerated() {
            if let cs = p.checkoutSessionID { claim(i, ledger.booking(id: cs), .checkoutSession) }
        }
        for (i, p) in platform.enumerated() {
            if let pi = p.paymentIntentID { claim(i, ledger.booking(paymentIntent: pi), .paymentIntent) }
        }
        for (i, p) in platform.enumerated() {
            claim(i, ledger.booking(tenant: p.tenantID, date: p.date), .tenantDate)
        }

        var bookings: [ReconciledBooking] = []
        bookings.reserveCapacity(platform.count + ledger.bookingsByID.count - claimed.count)
        for (i, p) in platform.enumerated() {
            bookings.append(ReconciledBooking(tenantID: p.tenantID, ledger: ledgerFor[i], platform: p, rule: rules[i]))
        }
        // Unsorted: the sort below decides, as no two bookings share a sort key.
        for b in ledger.bookingsByID.values where !claimed.contains(b.id) {
            bookings.append(ReconciledBooking(tenantID: b.tenantID, ledger: b, platform: nil))
        }
        self.bookings = ReconciledBooking.sorted(bookings)
        // The pairs, in booking order: by tenant, then ledger booking id (unique), as promised.
        self.matches = self.bookings.compactMap(\.match)
    }

    /// The platform bookings by tenant, then id, in UTF-8 byte order. They usually come in that
    /// order already (the index's key order, ids being ASCII), and are then only checked.
    static func byTenantAndID(_ platform: [PlatformBooking]) -> [PlatformBooking] {
        func precedes(_ a: PlatformBooking, _ b: PlatformBooking) -> Bool {
            a.tenantID != b.tenantID ? a.tenantID < b.tenantID : a.id.utf8Precedes(b.id)
        }
        if platform.indices.dropFirst().allSatisfy({ precedes(platform[$0 - 1], platform[$0]) }) { return platform }
        let order = UTF8KeyedSort.order(ids: platform.map(\.id), groups: DenseRanks.of(platform.map(\.tenantID), by: <))
        return order.map { platform[$0] }
    }
}
