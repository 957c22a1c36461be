import Testing

@testable import ReconcileKit

@Suite struct PlatformMatchingTests {
    typealias F = LedgerFixtures
    typealias R = ReconciliationFixtures

    @Test func agreeingBookingMatchedByCheckoutSessionHasNoExceptions() {
        let ledger = R.ledger([("evt_1", "2026-09-12", 100_000)])
        let result = R.reconcile(ledger, platform: [R.platform("bk_1", session: "cs_evt_1", paymentIntent: "pi_evt_1")])
        #expect(
            result.matches == [
                BookingMatch(
                    tenantID: F.bella, bookingID: "cs_evt_1", platformBookingID: "bk_1", rule: .checkoutSession)
            ])
        #expect(result.exceptions.isEmpty)
    }

    @Test func paymentIntentMatchesWhenTheSessionIsUnknown() {
        let ledger = R.ledger([("evt_1", "2026-09-12", 100_000)])
        let result = R.reconcile(
            ledger, platform: [R.platform("bk_1", session: "cs_unknown", paymentIntent: "pi_evt_1")])
        #expect(result.matches.map(\.rule) == [.paymentIntent])
        #expect(result.exceptions.isEmpty)
    }

    @Test func tenantAndDateMatchWhenNoIdsAgree() {
        let ledger = R.ledger([("evt_1", "2026-09-12", 100_000)])
        let result = R.reconcile(ledger, platform: [R.platform("bk_1")])
        #expect(result.matches.map(\.rule) == [.tenantDate])
        #expect(result.exceptions.isEmpty)
    }

    @Test func strongerRuleWinsOverAnEarlierWeakerOne() {
        // bk_a sits on cs_evt_1's date, but bk_b names cs_evt_1's session: bk_b gets it.
        let ledger = R.ledger([("evt_1", "2026-09-12", 100_000)])
        let result = R.reconcile(
            ledger, platform: [R.platform("bk_a"), R.platform("bk_b", date: "2026-09-12", session: "cs_evt_1")])
        #expect(
            result.matches == [
                BookingMatch(
                    tenantID: F.bella, bookingID: "cs_evt_1", platformBookingID: "bk_b", rule: .checkoutSession)
            ])
        #expect(result.exceptions.map(\.kind) == [.missingPayment])
        #expect(result.exceptions.first?.platformBookingID == "bk_a")
    }

    @Test func matchingNeverCrossesTenants() {
        let ledger = R.ledger([("evt_1", "2026-09-12", 100_000)])
        let result = R.reconcile(ledger, platform: [R.platform("bk_1", tenant: "tnt_rose", session: "cs_evt_1")])
        #expect(result.matches.isEmpty)
        #expect(result.exceptions.map(\.kind) == [.missingInPlatform, .missingPayment])
    }

    @Test func missingInPlatformForAPaidCheckoutWithoutPlatformBooking() throws {
        let ledger = R.ledger([("evt_1", "2026-09-12", 100_000)])
        let result = R.reconcile(ledger)
        let e = try #require(result.exceptions.first)
        #expect(result.exceptions.count == 1)
        #expect(e.kind == .missingInPlatform)
        #expect(e.tenantID == TenantID("tnt_bella"))
        #expect(e.bookingID == "cs_evt_1")
        #expect(e.eventID == "evt_1")
        #expect(e.expected == 100_000)
        #expect(e.detail == "paid checkout for 2026-09-12 has no platform booking")
    }

    @Test("missing_payment for platform statuses that hold money", arguments: PlatformBookingStatus.allCases)
    func missingPaymentOnlyWhenPlatformHoldsMoney(_ status: PlatformBookingStatus) {
        let result = R.reconcile(Ledger(), platform: [R.platform("bk_1", status: status.rawValue, total: 5_000)])
        let expected: [ExceptionKind] =
            [.paid, .confirmed, .fulfilled, .depositPaid].contains(status) ? [.missingPayment] : []
        #expect(result.exceptions.map(\.kind) == expected)
        if let e = result.exceptions.first {
            #expect(e.platformBookingID == "bk_1")
            #expect(e.actual == 5_000)
            #expect(e.bookingID == nil)
        }
    }

    @Test func amountAndCommissionMismatchAgainstThePlatform() throws {
        let ledger = R.ledger([("evt_1", "2026-09-12", 100_000)])
        let result = R.reconcile(
            ledger, platform: [R.platform("bk_1", total: 90_000, commission: 9_000, session: "cs_evt_1")])
        #expect(result.exceptions.map(\.kind) == [.amountMismatch, .commissionMismatch])
        let amount = try #require(result.exceptions(of: .amountMismatch).first)
        #expect(amount.source == .platform)
        #expect((amount.expected, amount.actual) == (100_000, 90_000))
        #expect(amount.platformBookingID == "bk_1")
        #expect(amount.bookingID == "cs_evt_1")
        let commission = try #require(result.exceptions(of: .commissionMismatch).first)
        #expect((commission.expected, commission.actual) == (10_000, 9_000))
    }

    @Test func dateMismatchWhenMatchedByIdOnAnotherDate() throws {
        let ledger = R.ledger([("evt_1", "2026-09-12", 100_000)])
        let result = R.reconcile(ledger, platform: [R.platform("bk_1", date: "2026-09-19", paymentIntent: "pi_evt_1")])
        let e = try #require(result.exceptions.first)
        #expect(result.exceptions.count == 1)
        #expect(e.kind == .dateMismatch)
        #expect(e.detail == "ledger date 2026-09-12, platform date 2026-09-19")
    }

    struct StatusCase: Sendable, CustomTestStringConvertible {
        let refunded: Int64
        let platform: PlatformBookingStatus
        let mismatch: Bool
        var testDescription: String {
            "refunded \(refunded), platform \(platform.rawValue) → \(mismatch ? "mismatch" : "ok")"
        }
    }

    @Test(
        "status mapping",
        arguments: [
            StatusCase(refunded: 0, platform: .paid, mismatch: false),
            StatusCase(refunded: 0, platform: .confirmed, mismatch: false),
            StatusCase(refunded: 0, platform: .fulfilled, mismatch: false),
            StatusCase(refunded: 0, platform: .depositPaid, mismatch: false),
            StatusCase(refunded: 0, platform: .pending, mismatch: true),
            StatusCase(refunded: 0, platform: .canceled, mismatch: true),
            StatusCase(refunded: 0, platform: .refunded, mismatch: true),
            StatusCase(refunded: 30_000, platform: .paid, mismatch: false),
            StatusCase(refunded: 30_000, platform: .canceled, mismatch: false),
            StatusCase(refunded: 30_000, platform: .refunded, mismatch: true),
            StatusCase(refunded: 30_000, platform: .pending, mismatch: true),
            StatusCase(refunded: 100_000, platform: .refunded, mismatch: false),
            StatusCase(refunded: 100_000, platform: .canceled, mismatch: false),
            StatusCase(refunded: 100_000, platform: .paid, mismatch: true),
            StatusCase(refunded: 100_000, platform: .fulfilled, mismatch: true),
        ])
    func statusMapping(_ c: StatusCase) {
        var ledger = R.ledger([("evt_1", "2026-09-12", 100_000)])
        if c.refunded > 0 {
            _ = ledger.apply(
                F.refund(id: "evt_r", paymentIntent: "pi_evt_1", amountRefunded: .int(c.refunded)), tenants: R.tenants,
                runID: "r")
        }
        let result = R.reconcile(
            ledger, platform: [R.platform("bk_1", status: c.platform.rawValue, session: "cs_evt_1")])
        #expect(result.exceptions(of: .statusMismatch).count == (c.mismatch ? 1 : 0))
        #expect(result.exceptions.allSatisfy { $0.kind == .statusMismatch })
    }

    @Test func checkoutMetadataCommissionMismatchIsReported() throws {
        var ledger = Ledger()
        _ = ledger.apply(
            F.checkout(id: "evt_1", metadata: F.metadata(extra: ["commissionAmount": .string("12000")])),
            tenants: R.tenants, runID: "r")
        _ = ledger.apply(
            F.checkout(
                id: "evt_2", metadata: F.metadata(date: "2026-09-13", extra: ["commissionPercent": .string("12")])),
            tenants: R.tenants, runID: "r")
        _ = ledger.apply(
            F.checkout(
                id: "evt_3",
                metadata: F.metadata(
                    date: "2026-09-14",
                    extra: [
                        "commissionAmount": .string("10000"),
                        "commissionPercent": .string("10"),
                    ])),
            tenants: R.tenants, runID: "r")
        let platform = ["evt_1", "evt_2", "evt_3"].map {
            R.platform("bk_\($0)", date: ledger.booking(id: "cs_\($0)")!.date.text, session: "cs_\($0)")
        }
        let result = R.reconcile(ledger, platform: platform)
        let mismatches = result.exceptions(of: .commissionMismatch)
        #expect(result.exceptions.count == 2)
        #expect(mismatches.map(\.bookingID) == ["cs_evt_1", "cs_evt_2"])
        #expect(mismatches.allSatisfy { $0.source == .checkoutMetadata })
        #expect((mismatches[0].expected, mismatches[0].actual) == (10_000, 12_000))
        #expect(mismatches[1].detail == "checkout metadata rate 12.00%, tenant rate 10.00%")
    }

    @Test func exceptionsNeverContainCustomerData() throws {
        let ledger = R.ledger([("evt_1", "2026-09-12", 100_000), ("evt_2", "2026-09-13", 5_000)])
        let result = R.reconcile(
            ledger,
            platform: [
                R.platform("bk_1", status: "PENDING", total: 1, session: "cs_evt_1"),
                R.platform("bk_9", date: "2026-12-24"),
            ],
            bank: [R.bank("ACR-1", amount: 3, references: ["BK-NOPE customer@example.com"])],
            asOf: F.jan1 + 30 * 86_400)
        #expect(Set(result.exceptions.map(\.kind)).count >= 5)
        let text = result.exceptions.map { "\($0)" }.joined()
        #expect(!text.contains("example.com"))
        #expect(!text.contains("Ana"))
    }
}
