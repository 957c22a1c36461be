import Testing

@testable import ReconcileKit

@Suite struct BankSettlementTests {
    typealias F = LedgerFixtures
    typealias R = ReconciliationFixtures

    static let ledger = R.ledger([("evt_1", "2026-09-12", 100_000)])
    static let platform = [R.platform("bk_1", session: "cs_evt_1", paymentIntent: "pi_evt_1", code: "BK-7Q2M")]

    @Test(
        "a credit naming any of the booking's ids settles it",
        arguments: [
            "BK-7Q2M", "Booking BK-7Q2M Miller", "booking bk-7q2m", "bk_1", "cs_evt_1", "pi_evt_1", "REF/PI_EVT_1/2026",
        ])
    func creditNamingTheBookingSettlesIt(_ reference: String) throws {
        let result = R.reconcile(
            Self.ledger, platform: Self.platform, bank: [R.bank("ACR-1", amount: 100_000, references: [reference])],
            asOf: F.jan1 + 30 * 86_400)
        #expect(
            result.settlements == [
                BankSettlement(
                    tenantID: F.bella, bookingID: "cs_evt_1", platformBookingID: "bk_1",
                    bankEntryIDs: ["ACR-1"], amount: 100_000)
            ])
        #expect(result.settlement(ofBooking: "cs_evt_1")?.bankEntryIDs == ["ACR-1"])
        #expect(result.exceptions.isEmpty)
        #expect(result.bankCredits == 1)
    }

    @Test func creditThatOnlyContainsAnIdInsideALongerTokenDoesNotSettle() {
        let result = R.reconcile(
            Self.ledger, platform: Self.platform, bank: [R.bank("ACR-1", amount: 100_000, references: ["XBK-7Q2M"])])
        #expect(result.settlements.isEmpty)
        #expect(result.exceptions.map(\.kind) == [.unmatchedBankCredit])
    }

    @Test func creditsThatDoNotAddUpToTheTotalAreAnAmountMismatch() throws {
        let result = R.reconcile(
            Self.ledger, platform: Self.platform,
            bank: [
                R.bank("ACR-1", amount: 30_000, references: ["BK-7Q2M deposit"]),
                R.bank("ACR-2", amount: 60_000, references: ["cs_evt_1"]),
            ])
        #expect(result.settlements.first?.bankEntryIDs == ["ACR-1", "ACR-2"])
        #expect(result.settlements.first?.amount == 90_000)
        let e = try #require(result.exceptions.first)
        #expect(result.exceptions.count == 1)
        #expect(e.kind == .amountMismatch)
        #expect(e.source == .bank)
        #expect((e.expected, e.actual) == (100_000, 90_000))
        #expect(e.bankEntryID == "ACR-1 ACR-2")
        #expect(e.bookingID == "cs_evt_1")
        #expect(e.eventID == "evt_1")
    }

    @Test func creditInAnotherCurrencyIsAnAmountMismatch() throws {
        let result = R.reconcile(
            Self.ledger, platform: Self.platform,
            bank: [R.bank("ACR-1", amount: 100_000, references: ["BK-7Q2M"], currency: "EUR")])
        let e = try #require(result.exceptions.first)
        #expect(e.kind == .amountMismatch)
        #expect(e.actual == 0)
        #expect(e.detail == "1 settling credit(s) not in USD")
    }

    @Test func creditNamingNothingIsUnmatched() throws {
        let result = R.reconcile(
            Self.ledger, platform: Self.platform,
            bank: [R.bank("ACR-9", amount: 4_200, references: ["INVOICE 2026-77"])])
        let e = try #require(result.exceptions(of: .unmatchedBankCredit).first)
        #expect(e.bankEntryID == "ACR-9")
        #expect(e.actual == 4_200)
        #expect(e.currency == "USD")
        #expect(e.tenantID == TenantID("tnt_bella"))
        #expect(e.detail == "credit names no booking")
    }

    @Test func creditNamingTwoBookingsIsUnmatched() {
        let ledger = R.ledger([("evt_1", "2026-09-12", 100_000), ("evt_2", "2026-09-13", 50_000)])
        let result = R.reconcile(
            ledger, bank: [R.bank("ACR-1", amount: 150_000, references: ["cs_evt_1", "cs_evt_2"])])
        #expect(result.settlements.isEmpty)
        #expect(result.exceptions(of: .unmatchedBankCredit).map(\.detail) == ["credit names 2 bookings"])
    }

    @Test func creditOnAnotherTenantsAccountDoesNotSettle() {
        let result = R.reconcile(
            Self.ledger, platform: Self.platform,
            bank: [R.bank("ACR-1", amount: 100_000, references: ["BK-7Q2M"], iban: R.roseIBAN, tenant: "tnt_rose")])
        #expect(result.settlements.isEmpty)
        let e = result.exceptions(of: .unmatchedBankCredit)
        #expect(e.map(\.tenantID) == [TenantID("tnt_rose")])
        #expect(e.map(\.detail) == ["credit names no booking"], "nothing about another tenant's bookings")
    }

    @Test func globalEntryGetsItsTenantFromTheDirectoryIBANs() {
        // Stored before bella's IBAN was known: `_global`; the directory now knows the account.
        let result = R.reconcile(
            Self.ledger, platform: Self.platform,
            bank: [R.bank("ACR-1", amount: 1, references: ["nothing"], tenant: "_global")])
        #expect(result.exceptions(of: .unmatchedBankCredit).map(\.tenantID) == [TenantID("tnt_bella")])
    }

    @Test func aCreditToAnAccountOfNoTenantSettlesNobodysBooking() {
        let result = R.reconcile(
            Self.ledger, platform: Self.platform,
            bank: [
                R.bank("ACR-1", amount: 100_000, references: ["BK-7Q2M"], iban: "NL91ABNA0417164300", tenant: "_global")
            ])
        #expect(result.settlements.isEmpty, "bella's booking is named, but the account is nobody's")
        let e = result.exceptions(of: .unmatchedBankCredit)
        #expect(e.map(\.tenantID) == [TenantID("_global")])
        #expect(e.map(\.detail) == ["credit to an account of no tenant"])
    }

    @Test func debitsAreCountedButNeverSettle() {
        let result = R.reconcile(
            Self.ledger, platform: Self.platform,
            bank: [R.bank("DBT-1", amount: 100_000, references: ["BK-7Q2M"], direction: "DBIT")],
            asOf: F.jan1 + 30 * 86_400)
        #expect(result.bankDebits == 1)
        #expect(result.bankCredits == 0)
        #expect(result.settlements.isEmpty)
        #expect(result.exceptions.map(\.kind) == [.unsettledBooking])
    }

    @Test func platformOnlyBookingCanBeSettledAgainstItsOwnTotal() {
        let result = R.reconcile(
            Ledger(), platform: [R.platform("bk_5", total: 20_000, code: "BK-5")],
            bank: [R.bank("ACR-1", amount: 20_000, references: ["BK-5"])])
        #expect(
            result.settlements == [
                BankSettlement(
                    tenantID: F.bella, bookingID: nil, platformBookingID: "bk_5",
                    bankEntryIDs: ["ACR-1"], amount: 20_000)
            ])
        #expect(result.exceptions.map(\.kind) == [.missingPayment])
    }

    @Test func unsettledOnlyAfterTheSettlementWindow() throws {
        let paidAt = F.jan1
        let window: Int64 = 7 * 86_400
        #expect(R.reconcile(Self.ledger, platform: Self.platform, asOf: paidAt + window).exceptions.isEmpty)
        let late = R.reconcile(Self.ledger, platform: Self.platform, asOf: paidAt + window + 1)
        let e = try #require(late.exceptions.first)
        #expect(late.exceptions.count == 1)
        #expect(e.kind == .unsettledBooking)
        #expect(e.bookingID == "cs_evt_1")
        #expect(e.platformBookingID == "bk_1")
        #expect(e.expected == 100_000)
        #expect(e.detail == "paid 2026-01-01, no bank credit within 7 days")
        let settled = R.reconcile(
            Self.ledger, platform: Self.platform, bank: [R.bank("ACR-1", amount: 100_000, references: ["BK-7Q2M"])],
            asOf: paidAt + window + 1)
        #expect(settled.exceptions.isEmpty)
        #expect(R.reconcile(Self.ledger, platform: Self.platform, asOf: .max, settlementDays: .max).exceptions.isEmpty)
    }

    @Test func fullyRefundedBookingsAreNotUnsettled() {
        var ledger = Self.ledger
        _ = ledger.apply(
            F.refund(id: "evt_r", paymentIntent: "pi_evt_1", amountRefunded: .int(100_000)), tenants: R.tenants,
            runID: "r")
        let result = R.reconcile(
            ledger, platform: [R.platform("bk_1", status: "REFUNDED", session: "cs_evt_1")], asOf: F.jan1 + 90 * 86_400)
        #expect(result.exceptions.isEmpty)
    }

    @Test func outputOrderIsDeterministic() {
        let ledger = R.ledger([
            ("evt_3", "2026-09-14", 1_000), ("evt_1", "2026-09-12", 100_000), ("evt_2", "2026-09-13", 5_000),
        ])
        let platform = [
            R.platform("bk_z", date: "2026-12-01"), R.platform("bk_a", tenant: "tnt_rose", date: "2026-12-02"),
            R.platform("bk_1", total: 1, session: "cs_evt_1"),
        ]
        let bank = [
            R.bank("B", amount: 1, references: ["x"]), R.bank("A", amount: 5_000, references: ["cs_evt_2"]),
            R.bank("C", amount: 7, references: ["y"], iban: R.roseIBAN, tenant: "tnt_rose"),
        ]
        let first = R.reconcile(ledger, platform: platform, bank: bank, asOf: F.jan1 + 60 * 86_400)
        let second = R.reconcile(
            ledger, platform: platform.reversed(), bank: bank.reversed(), asOf: F.jan1 + 60 * 86_400)
        #expect(first == second)
        #expect(
            first.exceptions.map {
                "\($0.tenantID) \($0.kind.rawValue) \($0.bookingRef!)"
            } == [
                "tnt_bella missing_in_platform cs_evt_2",
                "tnt_bella missing_in_platform cs_evt_3",
                "tnt_bella missing_payment bk_z",
                "tnt_rose missing_payment bk_a",
                "tnt_bella amount_mismatch cs_evt_1",
                "tnt_bella unmatched_bank_credit B",
                "tnt_rose unmatched_bank_credit C",
                "tnt_bella unsettled_booking cs_evt_1",
                "tnt_bella unsettled_booking cs_evt_3",
            ])
    }

    @Test func anUnsettledPartiallyRefundedBookingExpectsWhatIsStillOutstanding() throws {
        var ledger = Self.ledger
        let d = ledger.apply(
            F.refund(id: "evt_r1", paymentIntent: "pi_evt_1", amountRefunded: .int(30_000), tenant: "tnt_bella"),
            tenants: R.tenants, runID: "run2")
        guard case .processed = d else {
            Issue.record("refund not applied: \(d)")
            return
        }
        let result = R.reconcile(ledger, platform: Self.platform, asOf: F.jan1 + 30 * 86_400)
        let e = try #require(result.exceptions.first { $0.kind == .unsettledBooking })
        #expect(e.expected == 70_000, "100,000 paid, 30,000 refunded")
    }
}
