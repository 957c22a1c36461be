/// Everything ``Reconciliation/reconcile(ledger:platform:bankEntries:tenants:asOf:settlementDays:)``
/// found. Every array is in a deterministic order.
struct ReconciliationResult: Equatable, Sendable, Codable {
    /// In report order (``ReconciliationException/reportOrder(_:_:)``).
    let exceptions: [ReconciliationException]
    /// Sorted by tenant, then ledger booking id.
    let matches: [BookingMatch]
    /// Sorted by tenant, then ledger booking id, then platform booking id.
    let settlements: [BankSettlement]
    let bankCredits: Int
    /// Debit entries: counted, never settle anything.
    let bankDebits: Int

    init(
        exceptions: [ReconciliationException], matches: [BookingMatch], settlements: [BankSettlement],
        bankCredits: Int, bankDebits: Int
    ) {
        self.exceptions = exceptions
        self.matches = matches
        self.settlements = settlements
        self.bankCredits = bankCredits
        self.bankDebits = bankDebits
    }

    func exceptions(of kind: ExceptionKind) -> [ReconciliationException] { exceptions.filter { $0.kind == kind } }

    /// `exceptions(of: kind).count`, without copying them.
    func count(of kind: ExceptionKind) -> Int {
        var count = 0
        for i in exceptions.indices where exceptions[i].kind == kind { count += 1 }
        return count
    }

    /// The bank entries settling a ledger booking, `[]` when none.
    func settlement(ofBooking id: String) -> BankSettlement? { settlements.first { $0.bookingID == id } }
}
