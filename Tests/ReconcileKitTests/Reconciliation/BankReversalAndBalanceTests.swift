import Testing

@testable import ReconcileKit

/// SPEC §3.3: reversals, statements' balances, and bank matching kept inside one tenant.
@Suite struct BankReversalAndBalanceTests {
    typealias F = LedgerFixtures
    typealias R = ReconciliationFixtures

    /// Bella's booking `cs_evt_1` (confirmation code BK-7Q2M) and its platform booking.
    static let ledger = BankSettlementTests.ledger
    static let platform = BankSettlementTests.platform
    static let late = F.jan1 + 30 * 86_400

    static func entry(_ id: String, amount: Int64, direction: String, reversal: Bool, tenant: String = "tnt_bella")
        -> BankEntry
    {
        var members: [JSONMember] = [
            JSONMember("amount", .int(amount)), JSONMember("bookingDate", .string("2026-01-03")),
            JSONMember("currency", .string("USD")),
            JSONMember("direction", .string(direction)), JSONMember("iban", .string(R.bellaIBAN)),
            JSONMember("id", .string(id)),
            JSONMember("kind", .string("bank_entry")), JSONMember("references", .array([.string("Booking BK-7Q2M")])),
            JSONMember("tenantId", .string(tenant)),
        ]
        if reversal { members.append(JSONMember("reversal", .bool(true))) }
        return try! BankEntry(canonical: F.storeRoundTrip(.object(members)))
    }

    @Test func aReversedCreditNoLongerSettlesItsBooking() throws {
        let credit = Self.entry("RV-0001", amount: 100_000, direction: "CRDT", reversal: false)
        let settled = R.reconcile(Self.ledger, platform: Self.platform, bank: [credit], asOf: Self.late)
        #expect(settled.settlement(ofBooking: "cs_evt_1") != nil)

        let reversal = Self.entry("RV-0002", amount: 100_000, direction: "DBIT", reversal: true)
        let reversed = R.reconcile(Self.ledger, platform: Self.platform, bank: [credit, reversal], asOf: Self.late)
        #expect(reversed.settlements.isEmpty)
        #expect(reversed.exceptions.map(\.kind) == [.unsettledBooking])
        #expect((reversed.bankCredits, reversed.bankDebits) == (1, 1))
    }

    @Test func aPartlyReversedCreditIsAnAmountMismatch() throws {
        let result = R.reconcile(
            Self.ledger, platform: Self.platform,
            bank: [
                Self.entry("RV-0001", amount: 100_000, direction: "CRDT", reversal: false),
                Self.entry("RV-0002", amount: 40_000, direction: "DBIT", reversal: true),
            ], asOf: Self.late)
        #expect(result.settlements.map(\.amount) == [60_000])
        #expect(result.settlements.map(\.bankEntryIDs) == [["RV-0001", "RV-0002"]])
        #expect(result.exceptions.map(\.kind) == [.amountMismatch])
    }

    @Test func aReversalCreditSettlesNothing() throws {
        let result = R.reconcile(
            Self.ledger, platform: Self.platform,
            bank: [Self.entry("RV-0003", amount: 100_000, direction: "CRDT", reversal: true)], asOf: Self.late)
        #expect(result.settlements.isEmpty)
        #expect(result.exceptions.map(\.kind) == [.unsettledBooking])
    }

    @Test func aCreditOnAnAccountOfNoTenantSettlesNoTenantsBooking() throws {
        let stranger = try BankEntry(
            canonical: F.storeRoundTrip(
                .object([
                    JSONMember("amount", .int(100_000)), JSONMember("currency", .string("USD")),
                    JSONMember("direction", .string("CRDT")),
                    JSONMember("iban", .string("FR7630006000011234567890189")), JSONMember("id", .string("X-1")),
                    JSONMember("kind", .string("bank_entry")), JSONMember("references", .array([.string("BK-7Q2M")])),
                    JSONMember("tenantId", .string("_global")),
                ])))
        let result = R.reconcile(Self.ledger, platform: Self.platform, bank: [stranger], asOf: Self.late)
        #expect(result.settlements.isEmpty)
        let unmatched = result.exceptions(of: .unmatchedBankCredit)
        #expect(unmatched.map(\.tenantID) == [TenantID("_global")])
        #expect(unmatched.map(\.detail) == ["credit to an account of no tenant"])
    }

    @Test func aStatementWhoseBalancesDoNotAgreeIsAnExceptionNamingIt() throws {
        let statements =
            try readFixture("camt053_balances_disagree").statements
            + readFixture("camt053_twins_without_references").statements
        let stored = try statements.map { try CamtStatement(canonical: $0.record.parsedCanonical()) }
        let result = Reconciliation.reconcile(
            ledger: Ledger(), platform: [], bankEntries: [], bankStatements: stored,
            tenants: R.tenants, asOf: 0, settlementDays: 7)
        let e = try #require(result.exceptions.first)
        #expect(result.exceptions.count == 1)
        #expect(e.kind == .bankBalanceMismatch)
        #expect(e.tenantID == TenantID("tnt_bella"))
        #expect(e.bankEntryID == "camt.053/DE89370400440532013000/GAP-STMT-20261105")
        #expect((e.expected, e.actual, e.currency) == (20_000, 13_000, "EUR"))
        #expect(e.detail.contains("statement GAP-STMT-20261105"))
    }
}
