/// Pairs platform bookings with ledger bookings (SPEC §6): by checkout session id, else payment
/// intent, else `(tenantId, date)`, always within one tenant. Each rule is applied to every
/// platform booking before the next rule, so a weaker rule never steals a stronger rule's match;
/// within a rule, platform bookings are taken in `(tenantId, id)` order.
struct BookingMatcher {
    let bookings: [ReconciledBooking]
    let matches: [BookingMatch]

    init(ledger: Ledger, platform: [PlatformBooking]) {
        let platform = platform.sorted {
            $0.tenantID != $1.tenantID ? $0.tenantID < $1.tenantID
                : $0.id.utf8.lexicographicallyPrecedes($1.id.utf8)
        }
        var ledgerFor: [Int: Booking] = [:]  // platform index → ledger booking
        var claimed: Set<String> = []
        var rules: [Int: BookingMatch.Rule] = [:]

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
        var matches: [BookingMatch] = []
        for (i, p) in platform.enumerated() {
            bookings.append(ReconciledBooking(tenantID: p.tenantID, ledger: ledgerFor[i], platform: p))
            if let b = ledgerFor[i], let rule = rules[i] {
                matches.append(BookingMatch(tenantID: p.tenantID, bookingID: b.id, platformBookingID: p.id, rule: rule))
            }
        }
        for b in ledger.bookings where !claimed.contains(b.id) {
            bookings.append(ReconciledBooking(tenantID: b.tenantID, ledger: b, platform: nil))
        }
        self.bookings = bookings.sorted {
            $0.tenantID != $1.tenantID ? $0.tenantID < $1.tenantID : lexicographic($0.sortKey, $1.sortKey)
        }
        self.matches = matches.sorted {
            $0.tenantID != $1.tenantID ? $0.tenantID.utf8.lexicographicallyPrecedes($1.tenantID.utf8)
                : $0.bookingID.utf8.lexicographicallyPrecedes($1.bookingID.utf8)
        }
    }
}

/// Compares pairs of strings by UTF-8 bytes.
func lexicographic(_ a: (String, String), _ b: (String, String)) -> Bool {
    a.0 != b.0 ? a.0.utf8.lexicographicallyPrecedes(b.0.utf8) : a.1.utf8.lexicographicallyPrecedes(b.1.utf8)
}
