@testable import ReconcileKit

enum ReconciliationFixtures {
    typealias F = LedgerFixtures
    static let bellaIBAN = "DE89370400440532013000"
    static let roseIBAN = "GB33BUKB20201555555555"
    static let tenants = TenantDirectory(versions: [
        F.tenant(percent: "10", ibans: [bellaIBAN]),
        F.tenant(F.rose, percent: "12", ibans: [roseIBAN], currency: "eur"),
    ])

    static func platform(
        _ id: String, tenant: String = "tnt_bella", date: String = "2026-09-12", status: String = "PAID",
        total: Int64 = 100_000, commission: Int64 = 10_000, session: String? = nil, paymentIntent: String? = nil,
        code: String? = nil, exportedAt: Int64 = 1_000
    ) -> PlatformBooking {
        var members: [JSONMember] = [
            JSONMember("commissionAmount", .int(commission)), JSONMember("date", .string(date)),
            JSONMember("email", .string("customer@example.com")), JSONMember("id", .string(id)),
            JSONMember("kind", .string("booking")), JSONMember("status", .string(status)),
            JSONMember("tenantId", .string(tenant)), JSONMember("totalCents", .int(total)),
        ]
        if let session { members.append(JSONMember("checkoutSessionId", .string(session))) }
        if let paymentIntent { members.append(JSONMember("paymentIntentId", .string(paymentIntent))) }
        if let code { members.append(JSONMember("confirmationCode", .string(code))) }
        return try! PlatformBooking(canonical: F.storeRoundTrip(.object(members)), exportedAt: exportedAt)
    }

    static func bank(
        _ id: String, amount: Int64, references: [String], direction: String = "CRDT", currency: String = "USD",
        iban: String = bellaIBAN, tenant: String = "tnt_bella", date: String = "2026-01-03"
    ) -> BankEntry {
        try! BankEntry(
            canonical: F.storeRoundTrip(
                .object([
                    "amount": .int(amount), "bookingDate": .string(date), "currency": .string(currency),
                    "direction": .string(direction), "iban": .string(iban), "id": .string(id),
                    "kind": .string("bank_entry"),
                    "references": .array(references.map(JSONValue.string)), "tenantId": .string(tenant),
                    "valueDate": .string(date),
                ])))
    }

    /// Applies checkouts `(event id, date, total)` for bella at 10 %, paid at `F.jan1`.
    static func ledger(_ bookings: [(String, String, Int64)], tenant: String = "tnt_bella") -> Ledger {
        var ledger = Ledger()
        for (i, (id, date, total)) in bookings.enumerated() {
            let d = ledger.apply(
                F.checkout(
                    id: id, created: F.jan1 + Int64(i), amountTotal: .int(total),
                    metadata: F.metadata(tenant: tenant, date: date)),
                tenants: tenants, runID: "run1")
            guard case .processed = d else { fatalError("fixture checkout \(id) failed: \(d)") }
        }
        return ledger
    }

    static func reconcile(
        _ ledger: Ledger, platform: [PlatformBooking] = [], bank: [BankEntry] = [],
        asOf: Int64 = F.jan1 + 86_400, settlementDays: Int = 7
    ) -> ReconciliationResult {
        Reconciliation.reconcile(
            ledger: ledger, platform: platform, bankEntries: bank, tenants: tenants,
            asOf: asOf, settlementDays: settlementDays)
    }
}
