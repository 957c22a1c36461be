import Testing

@testable import ReconcileKit

/// The integer-keyed sorts of reconciliation give exactly the orders of the comparisons
/// they replace.
@Suite struct KeyedSortOrderTests {
    typealias R = ReconciliationFixtures

    static func day(_ i: Int) -> String { "2026-09-" + (i < 9 ? "0" : "") + String(i + 1) }

    /// Ledger-only, platform-only (also in another tenant, with shared ids and ids equal in their
    /// first 8 bytes) and paired bookings, shuffled.
    static func mixedBookings() -> [ReconciledBooking] {
        let ledger = R.ledger((0..<24).map { ("evt_0000000\($0)", day($0), 10_000) })
        let ledgerBookings = ledger.bookingsByID.values.sorted { $0.id.utf8Precedes($1.id) }
        var bookings: [ReconciledBooking] = []
        for (i, b) in ledgerBookings.enumerated() {
            let platform = i % 3 == 0 ? R.platform("bk_\(i)", session: b.checkoutSessionID) : nil
            bookings.append(
                ReconciledBooking(
                    tenantID: b.tenantID, ledger: b, platform: platform,
                    rule: platform == nil ? nil : .checkoutSession))
        }
        for tenant in ["tnt_bella", "tnt_rose", "tnt_a"] {
            for id in ["bk_9", "bk_10", "bk_1", "bk_00000000x", "bk_00000000", "bk_00000000\u{0}", ""] {
                bookings.append(
                    ReconciledBooking(tenantID: TenantID(tenant), ledger: nil, platform: R.platform(id, tenant: tenant))
                )
            }
        }
        var rng = SplitMix64(seed: 0xB0_0C)
        bookings.shuffle(using: &rng)
        return bookings
    }

    @Test func bookingsSortLikePrecedes() {
        let bookings = Self.mixedBookings()
        let expected = bookings.sorted(by: ReconciledBooking.precedes).map(ObjectIdentifier.init)
        #expect(ReconciledBooking.sorted(bookings).map(ObjectIdentifier.init) == expected)
    }

    @Test func platformBookingsComeByTenantThenIdWhateverTheirInputOrder() {
        var rng = SplitMix64(seed: 0x9_1A7)
        let platform = ["tnt_rose", "tnt_bella", "tnt_a"].flatMap { tenant in
            ["bk_2", "bk_10", "bk_1", "bk_00000000y", "bk_00000000x"].map { R.platform($0, tenant: tenant) }
        }.shuffled(using: &rng)
        let expected = platform.sorted {
            $0.tenantID != $1.tenantID ? $0.tenantID < $1.tenantID : $0.id.utf8Precedes($1.id)
        }
        #expect(BookingMatcher.byTenantAndID(platform).map(\.id) == expected.map(\.id))
        #expect(BookingMatcher.byTenantAndID(platform).map(\.tenantID) == expected.map(\.tenantID))
        #expect(BookingMatcher.byTenantAndID(expected).map(\.id) == expected.map(\.id))
    }

    @Test func matchesComeByTenantThenLedgerBookingId() {
        // Platform ids in the reverse order of the ledger ids they match.
        let ledger = R.ledger((0..<12).map { ("evt_\($0)", Self.day($0), 10_000) })
        let platform = ledger.bookingsByID.values.map {
            R.platform("bk_" + String($0.id.reversed()), session: $0.checkoutSessionID)
        }
        let matches = BookingMatcher(ledger: ledger, platform: platform).matches
        #expect(matches.count == 12)
        #expect(matches.map(\.bookingID) == ledger.bookingsByID.keys.map(\.id).sorted { $0.utf8Precedes($1) })
        #expect(
            matches.allSatisfy {
                $0.rule == .checkoutSession && $0.platformBookingID == "bk_" + String($0.bookingID.reversed())
            })
    }

    @Test func exceptionsSortLikeReportOrder() {
        var rng = SplitMix64(seed: 0xE_4C)
        func pick<T>(_ values: [T]) -> T { values[Int(rng.next() % UInt64(values.count))] }
        var exceptions: [ReconciliationException] = []
        for _ in 0..<3_000 {
            exceptions.append(
                ReconciliationException(
                    kind: pick(ExceptionKind.allCases), source: pick([nil, .platform, .bank, .checkoutMetadata]),
                    tenantID: TenantID(pick(["tnt_b", "tnt_a", "_global", "tnt_\u{FC}"])),
                    bookingID: pick([nil, "", "cs_live_00000000a", "cs_live_00000000b", "cs_live_00000000", "cs_1"]),
                    platformBookingID: pick([nil, "bk_1", "bk_2"]),
                    bankEntryIDs: pick([[], ["ACR-1"], ["ACR-0", "ACR-9"]]),
                    detail: pick(["a", "b"])))
        }
        var sorted = exceptions
        sorted.stableSort(by: ReconciliationException.reportOrder)
        #expect(sorted == exceptions.sorted { ReconciliationException.reportOrder($0, $1) })
    }

    @Test func aTenantsExceptionsSortLikeReportOrderAfterTheOthers() {
        var rng = SplitMix64(seed: 0x7E_4A)
        func pick<T>(_ values: [T]) -> T { values[Int(rng.next() % UInt64(values.count))] }
        let earlier = ReconciliationException(
            kind: .unsettledBooking, tenantID: TenantID("tnt_0"), bookingID: "cs_9", detail: "x")
        var found: [ReconciliationException] = []
        for i in 0..<2_000 {  // mostly in booking order, as reconciliation finds them, with ties and strays
            found.append(
                ReconciliationException(
                    kind: pick(ExceptionKind.allCases), source: pick([nil, .platform, .bank, .checkoutMetadata]),
                    tenantID: TenantID("tnt_\u{FC}"),
                    bookingID: pick([nil, "cs_\(i / 3)", "cs_\(1_000 - i)"]),
                    platformBookingID: pick([nil, "bk_1", "bk_2"]),
                    bankEntryIDs: pick([[], ["ACR-1"]]), expected: pick([nil, 1, 2]), detail: pick(["a", "b"])))
        }
        var exceptions = [earlier, earlier] + found
        exceptions.stableSort(from: 2, by: ReconciliationException.reportOrder)
        #expect(exceptions == [earlier, earlier] + found.sorted { ReconciliationException.reportOrder($0, $1) })
    }
}
