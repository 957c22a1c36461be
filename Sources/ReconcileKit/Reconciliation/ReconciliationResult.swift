/// Everything ``Reconciliation/reconcile(ledger:platform:bankEntries:tenants:asOf:settlementDays:)``
/// found. Every array is in a deterministic order.
public struct ReconciliationResult: Equatable, Sendable, Codable {
    /// Sorted by tenant, kind, reference.
    public let exceptions: [ReconciliationException]
    /// Sorted by tenant, then ledger booking id.
    public let matches: [BookingMatch]
    /// Sorted by tenant, then ledger booking id, then platform booking id.
    public let settlements: [BankSettlement]
    public let bankCredits: Int
    /// Debit entries: counted, never settle anything.
    public let bankDebits: Int

    public init(exceptions: [ReconciliationException], matches: [BookingMatch], settlements: [BankSettlement],
                bankCredits: Int, bankDebits: Int) {
        self.exceptions = exceptions
        self.matches = matches
        self.settlements = settlements
        self.bankCredits = bankCredits
        self.bankDebits = bankDebits
    }

    public func exceptions(of kind: ExceptionKind) -> [ReconciliationException] { exceptions.filter { $0.kind == kind } }

    /// `exceptions(of: kind).count`, without copying them.
    public func count(of kind: ExceptionKind) -> Int {
        var count = 0
        for i in exceptions.indices where exceptions[i].kind == kind { count += 1 }
        return count
    }

    /// Count per kind, every kind present (0 when none), in report order.
    public var countsByKind: [(kind: ExceptionKind, count: Int)] {
        ExceptionKind.allCases.map { kind in (kind, exceptions.lazy.filter { $0.kind == kind }.count) }
    }

    /// The bank entries settling a ledger booking, `[]` when none.
    public func settlement(ofBooking id: String) -> BankSettlement? { settlements.first { $0.bookingID == id } }
}
