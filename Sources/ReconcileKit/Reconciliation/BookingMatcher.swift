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
        let platform = platform.sorted {
            $0.tenantID != $1.tenantID ? $0.tenantID < $1.tenantID : $0.id.utf8Precedes($1.id)
        }
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
        var matches: [BookingMatch] = []
        for (i, p) in platform.enumerated() {
            bookings.append(ReconciledBooking(tenantID: p.tenantID, ledger: ledgerFor[i], platform: p))
            if let b = ledgerFor[i], let rule = rules[i] {
                matches.append(BookingMatch(tenantID: p.tenantID, bookingID: b.id, platformBookingID: p.id, rule: rule))
            }
        }
        // Unsorted: the sort below decides, as no two bookings share a sort key.
        for b in ledger.bookingsByID.values where !claimed.contains(b.id) {
            bookings.append(ReconciledBooking(tenantID: b.tenantID, ledger: b, platform: nil))
        }
        self.bookings = bookings.sorted(by: ReconciledBooking.precedes)
        self.matches = matches.sorted {
            $0.tenantID != $1.tenantID ? $0.tenantID.utf8Precedes($1.tenantID) : $0.bookingID.utf8Precedes($1.bookingID)
        }
    }
}
