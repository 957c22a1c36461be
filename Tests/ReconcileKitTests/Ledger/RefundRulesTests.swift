import Testing

@testable import ReconcileKit

@Suite struct RefundRulesTests {
    typealias F = LedgerFixtures

    /// A ledger with one 100000-cent booking at 7 % (commission 7000), paid by `pi_1`.
    func paidLedger() -> Ledger {
        var ledger = Ledger()
        let d = ledger.apply(
            F.checkout(id: "evt_pay", paymentIntent: "pi_1"), tenants: F.directory(F.tenant(percent: "7")), runID: "r1")
        precondition(d == .processed(.booked(bookingID: "cs_evt_pay", warnings: [])))
        return ledger
    }

    @Test func partialRefundKeepsBookingPaidAndReversesCommissionRoundingUp() throws {
        var ledger = paidLedger()
        let d = ledger.apply(
            F.refund(id: "evt_r1", paymentIntent: "pi_1", amountRefunded: .int(33_333)), tenants: F.directory(),
            runID: "r2")
        #expect(d == .processed(.refunded(bookingID: "cs_evt_pay", refund: 33_333, commissionReversed: 2_334)))
        let b = try #require(ledger.booking(id: "cs_evt_pay"))
        #expect(b.status == .paid)
        #expect(b.refundStatus == .partial)
        #expect(b.refunded == 33_333)
        #expect(b.reversed == 2_334)  // ceil(7000 × 33333 / 100000) = ceil(2333.31)
        #expect(b.tenantNet == (100_000 - 33_333) - (7_000 - 2_334))
        #expect(
            ledger.lines.last
                == LedgerLine(
                    sequence: 2, kind: .refund, time: F.jan1 + 86_400, tenantID: F.bella, bookingID: "cs_evt_pay",
                    eventID: "evt_r1",
                    eventTenantID: .global, currency: "usd", rate: BasisPoints(700), gross: 0, commission: 0,
                    refund: 33_333, commissionReversed: 2_334
                ))
        #expect(ledger.invariantViolations().isEmpty)
    }

    @Test func cumulativeRefundsReverseTheDifferenceAndAFullRefundReversesEverything() throws {
        var ledger = paidLedger()
        _ = ledger.apply(
            F.refund(id: "evt_r1", created: F.jan1 + 10, paymentIntent: "pi_1", amountRefunded: .int(10_001)),
            tenants: F.directory(), runID: "r")
        _ = ledger.apply(
            F.refund(id: "evt_r2", created: F.jan1 + 20, paymentIntent: "pi_1", amountRefunded: .int(50_000)),
            tenants: F.directory(), runID: "r")
        let d = ledger.apply(
            F.refund(id: "evt_r3", created: F.jan1 + 30, paymentIntent: "pi_1", amountRefunded: .int(100_000)),
            tenants: F.directory(), runID: "r")
        let refunds = ledger.lines.filter { $0.kind == .refund }
        #expect(refunds.map(\.refund) == [10_001, 39_999, 50_000])
        #expect(refunds.map(\.commissionReversed) == [701, 2_799, 3_500])  // cumulative 701, 3500, 7000
        #expect(d == .processed(.refunded(bookingID: "cs_evt_pay", refund: 50_000, commissionReversed: 3_500)))
        let b = try #require(ledger.booking(id: "cs_evt_pay"))
        #expect(b.status == .refunded)
        #expect(b.refundStatus == .full)
        #expect(b.reversed == b.commission)
        #expect(b.tenantNet == 0)
        #expect(ledger.lines.reduce(0) { $0 + $1.net } == 0)
        #expect(ledger.invariantViolations().isEmpty)
    }

    @Test("a smaller or equal cumulative amount is a no-op, still PROCESSED", arguments: [Int64(40_000), 39_999, 0])
    func smallerOrEqualRefundIsNoOp(_ amount: Int64) throws {
        var ledger = paidLedger()
        _ = ledger.apply(
            F.refund(id: "evt_r1", paymentIntent: "pi_1", amountRefunded: .int(40_000)), tenants: F.directory(),
            runID: "r")
        let before = ledger.lines
        let d = ledger.apply(
            F.refund(id: "evt_r2", paymentIntent: "pi_1", amountRefunded: .int(amount)), tenants: F.directory(),
            runID: "r")
        #expect(d == .processed(.refundUnchanged(bookingID: "cs_evt_pay")))
        #expect(ledger.eventState(id: "evt_r2")?.status == .processed)
        #expect(ledger.lines == before)
        #expect(ledger.booking(id: "cs_evt_pay")?.refunded == 40_000)
    }

    @Test func unknownPaymentIntentFails() {
        var ledger = paidLedger()
        let d = ledger.apply(
            F.refund(id: "evt_r1", paymentIntent: "pi_other", amountRefunded: .int(1)), tenants: F.directory(),
            runID: "r")
        #expect(d == .failed(.noBookingForPaymentIntent))
        #expect(ledger.eventState(id: "evt_r1")?.lastError == "No booking for payment intent")
    }

    @Test("an unusable amount_refunded fails", arguments: [JSONValue.null, .int(-5), .string("100")])
    func invalidRefundAmountFails(_ amount: JSONValue) {
        var ledger = paidLedger()
        let d = ledger.apply(
            F.refund(id: "evt_r1", paymentIntent: "pi_1", amountRefunded: amount), tenants: F.directory(), runID: "r")
        #expect(d == .failed(.invalidRefundAmount))
    }

    @Test func aRefundNamingAnotherTenantFindsNoBookingThere() {
        var ledger = paidLedger()
        let d = ledger.apply(
            F.refund(id: "evt_r1", paymentIntent: "pi_1", amountRefunded: .int(1), tenant: "tnt_rose"),
            tenants: F.directory(), runID: "r")
        #expect(d == .failed(.noBookingForPaymentIntent), "tnt_rose holds no booking paid by pi_1")
        let same = ledger.apply(
            F.refund(id: "evt_r2", paymentIntent: "pi_1", amountRefunded: .int(1), tenant: "tnt_bella"),
            tenants: F.directory(), runID: "r")
        #expect(same == .processed(.refunded(bookingID: "cs_evt_pay", refund: 1, commissionReversed: 1)))
    }

    /// Two tenants whose checkouts share a session id and a payment intent (ids are only unique
    /// within a tenant).
    func twoTenantsSharingIDs() -> Ledger {
        var ledger = Ledger()
        let tenants = F.directory(F.tenant(percent: "7"), F.tenant(F.rose, percent: "10"))
        for tenant in ["tnt_bella", "tnt_rose"] {
            let d = ledger.apply(
                F.checkout(
                    id: "evt_pay", session: "cs_same", paymentIntent: "pi_same", metadata: F.metadata(tenant: tenant)),
                tenants: tenants, runID: "r1")
            precondition(d == .processed(.booked(bookingID: "cs_same", warnings: [])))
        }
        return ledger
    }

    @Test func aRefundWithATenantRefundsOnlyThatTenantsBookingOfASharedPaymentIntent() throws {
        var ledger = twoTenantsSharingIDs()
        let d = ledger.apply(
            F.refund(id: "evt_r", paymentIntent: "pi_same", amountRefunded: .int(100_000), tenant: "tnt_rose"),
            tenants: F.directory(), runID: "r2")
        #expect(d == .processed(.refunded(bookingID: "cs_same", refund: 100_000, commissionReversed: 10_000)))
        #expect(ledger.booking(ScopedID(F.rose, "cs_same"))?.status == .refunded)
        #expect(ledger.booking(ScopedID(F.bella, "cs_same"))?.status == .paid)
        #expect(ledger.invariantViolations().isEmpty)
    }

    @Test func aRefundWithoutATenantFailsWhenSeveralTenantsHoldItsPaymentIntent() throws {
        var ledger = twoTenantsSharingIDs()
        let d = ledger.apply(
            F.refund(id: "evt_r", paymentIntent: "pi_same", amountRefunded: .int(100)), tenants: F.directory(),
            runID: "r2")
        #expect(d == .failed(.paymentIntentOfSeveralTenants))
        let state = try #require(ledger.eventState(ScopedID(.global, "evt_r")))
        #expect(state.status == .failed)
        #expect(state.lastError == "Refund names no tenant and several tenants hold its payment intent")
        #expect(ledger.bookings.allSatisfy { $0.refunded == 0 })
        #expect(ledger.invariantViolations().isEmpty)
    }

    @Test func aRefundWithoutATenantRefundsTheOneTenantHoldingItsPaymentIntent() throws {
        var ledger = paidLedger()
        let d = ledger.apply(
            F.refund(id: "evt_r", paymentIntent: "pi_1", amountRefunded: .int(100)), tenants: F.directory(), runID: "r2"
        )
        #expect(d == .processed(.refunded(bookingID: "cs_evt_pay", refund: 100, commissionReversed: 7)))
        let line = try #require(ledger.lines.last)
        #expect(
            line.tenantID == F.bella && line.eventTenantID == .global,
            "the line is bella's, its event was recorded as _global")
        #expect(ledger.eventState(line.eventKey)?.status == .processed)
        #expect(ledger.invariantViolations().isEmpty)
    }

    @Test func refundBeforeItsCheckoutFailsAndSucceedsOnRetry() throws {
        var ledger = Ledger()
        let refund = F.refund(id: "evt_r1", paymentIntent: "pi_1", amountRefunded: .int(100_000))
        #expect(ledger.apply(refund, tenants: F.directory(), runID: "r1") == .failed(.noBookingForPaymentIntent))
        _ = ledger.apply(F.checkout(id: "evt_pay", paymentIntent: "pi_1"), tenants: F.directory(), runID: "r2")
        #expect(
            ledger.retry(refund, tenants: F.directory(), runID: "r3")
                == .processed(.refunded(bookingID: "cs_evt_pay", refund: 100_000, commissionReversed: 10_000)))
        #expect(ledger.eventState(id: "evt_r1")?.attempts == 2)
        #expect(ledger.booking(id: "cs_evt_pay")?.status == .refunded)
    }
}
