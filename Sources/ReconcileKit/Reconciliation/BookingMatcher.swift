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
        let ledgerBookings = ledger.bookingsByID.values
        // by platform index: a position in ledgerBookings
        var ledgerFor = [Int?](repeating: nil, count: platform.count)
        var rules = [BookingMatch.Rule?](repeating: nil, count: platform.count)
        var claimed = [Bool](repeating: false, count: ledgerBookings.count)  // by ledger position

        func claim(_ index: Int, _ position: Int?, _ rule: BookingMatch.Rule) {
            guard ledgerFor[index] == nil, let position, !claimed[position],
                ledgerBookings[position].tenantID == platform[index].tenantID
            else { return }
            ledgerFor[index] = position
            claimed[position] = true
            rules[index] = rule
        }
        for (i, p) in platform.enumerated() {
            if let cs = p.checkoutSessionID {
                claim(i, ledger.bookingPosition(ScopedID(p.tenantID, cs)), .checkoutSession)
            }
        }
        for (i, p) in platform.enumerated() {
            if let pi = p.paymentIntentID {
                claim(i, ledger.bookingPosition(tenant: p.tenantID, paymentIntent: pi), .paymentIntent)
            }
        }
        for (i, p) in platform.enumerated() {
            claim(i, ledger.bookingPosition(tenant: p.tenantID, date: p.date), .tenantDate)
        }

        var bookings: [ReconciledBooking] = []
        bookings.reserveCapacity(platform.count + claimed.count { !$0 })
        for i in platform.indices {
            bookings.append(
                ReconciledBooking(
                    tenantID: platform[i].tenantID, ledger: ledgerFor[i].map { (ledgerBookings, $0) },
                    platform: (platform, i), rule: rules[i]))
        }
        // Unsorted: the sort below decides, as no two bookings share a sort key.
        for position in ledgerBookings.indices where !claimed[position] {
            bookings.append(
                ReconciledBooking(
                    tenantID: ledgerBookings[position].tenantID, ledger: (ledgerBookings, position), platform: nil))
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
