import Testing

@testable import ReconcileKit

/// The fast comparisons and sorts give exactly the orders they replace.
@Suite struct ReconciliationOrderingTests {
    static let strings = [
        "", "a", "ab", "b", "B", "tnt_00001", "tnt_0001", "tnt_00010", "cs_live_ff", "cs_live_f",
        "é", "e\u{301}", "zz", "\u{10FFFF}", "ü-x", "Long string with more than fifteen bytes", "Long string with",
    ]

    @Test func utf8CompareOrdersLikeTheUTF8Bytes() {
        for a in Self.strings {
            for b in Self.strings {
                let expected = a.utf8.elementsEqual(b.utf8) ? 0 : (a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1)
                #expect(a.utf8Compare(b).signum() == expected, "\(a) vs \(b)")
                #expect(a.utf8Precedes(b) == a.utf8.lexicographicallyPrecedes(b.utf8))
            }
        }
    }

    @Test func exceptionKindOrderIsTheDeclarationOrder() {
        #expect(ExceptionKind.allCases.map(\.order) == Array(0..<ExceptionKind.allCases.count))
        #expect(
            ExceptionKind.allCases.map(\.rawValue) == [
                "missing_in_platform", "missing_payment", "amount_mismatch", "commission_mismatch", "status_mismatch",
                "date_mismatch", "unmatched_bank_credit", "unsettled_booking", "bank_balance_mismatch",
                "statement_not_written",
            ])
        #expect(ExceptionKind.reconciled == Array(ExceptionKind.allCases.dropLast()))
    }

    @Test func agreesIsMembershipOfTheConsistentStatuses() {
        let base = ReconciliationFixtures.ledger([("evt_1", "2026-09-12", 100_000)]).bookings[0]
        for (status, refund) in [(BookingStatus.paid, RefundStatus.none), (.paid, .partial), (.refunded, .full)] {
            var booking = base
            booking.status = status
            booking.refundStatus = refund
            for platform in PlatformBookingStatus.allCases {
                #expect(
                    PlatformStatusMapping.agrees(booking, platform)
                        == PlatformStatusMapping.consistentStatuses(for: booking).contains(platform))
            }
        }
    }

    @Test func reportOrderComparesKindTenantReferenceEventAmountsAndDetail() {
        func e(
            _ tenant: String, _ kind: ExceptionKind, booking: String? = nil, platform: String? = nil,
            bank: [String] = [], event: String? = nil, expected: Cents? = nil, actual: Cents? = nil,
            source: ReconciliationException.Source? = nil, _ detail: String = "d"
        ) -> ReconciliationException {
            ReconciliationException(
                kind: kind, source: source, tenantID: TenantID(tenant), bookingID: booking,
                platformBookingID: platform, bankEntryIDs: bank, eventID: event, expected: expected, actual: actual,
                detail: detail)
        }
        let ordered = [
            e("tnt_a", .missingInPlatform, booking: "cs_2"),
            e("tnt_b", .missingInPlatform, booking: "cs_0"),
            e("tnt_a", .amountMismatch, platform: "bk_9", source: .bank),
            e("tnt_a", .amountMismatch, booking: "cs_1", platform: "bk_1", bank: ["ACR-1"], source: .bank),
            e("tnt_a", .commissionMismatch, booking: "cs_1", platform: "bk_1", source: .checkoutMetadata),
            e("tnt_a", .commissionMismatch, booking: "cs_1", event: "evt_1", source: .platform),
            e("tnt_a", .commissionMismatch, booking: "cs_1", event: "evt_1", expected: 5, source: .platform),
            e("tnt_a", .commissionMismatch, booking: "cs_1", event: "evt_1", expected: 5, actual: 1, "a"),
            e("tnt_a", .commissionMismatch, booking: "cs_1", event: "evt_1", expected: 5, actual: 1, "b"),
            e("tnt_a", .unmatchedBankCredit, bank: ["ACR-2"], source: .bank),
            e("tnt_\u{FC}", .unmatchedBankCredit, bank: ["ACR-0"], source: .bank),
            e("tnt_a", .statementNotWritten, "statement for \"2026-13\" not written"),
        ]
        for (i, a) in ordered.enumerated() {
            for (j, b) in ordered.enumerated() {
                #expect(ReconciliationException.reportOrder(a, b) == (i < j), "\(i) vs \(j)")
            }
        }
        var shuffled = ordered.reversed().map { $0 }
        shuffled.stableSort(by: ReconciliationException.reportOrder)
        #expect(shuffled == ordered)
    }

    @Test func detailSentencesAreTheFormattedOnes() {
        var sentences = DetailSentences(settlementDays: 14)
        let date = CalendarDate(unixSeconds: 1_788_048_000)
        for _ in 0..<2 {  // made, then cached
            #expect(
                sentences.missingInPlatform(date: date, refunded: false)
                    == "paid checkout for \(date.text) has no platform booking")
            #expect(
                sentences.missingInPlatform(date: date, refunded: true)
                    == "paid checkout for \(date.text) (refunded) has no platform booking")
            #expect(sentences.unsettled(paidDate: date) == "paid \(date.text), no bank credit within 14 days")
        }
    }
}
