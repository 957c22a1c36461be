/// The bank credits that settle one booking (SPEC §3.3).
struct BankSettlement: Equatable, Sendable, Codable {
    let tenantID: TenantID
    /// The ledger booking, when there is one.
    let bookingID: String?
    /// The platform booking, when there is one.
    let platformBookingID: String?
    /// Sorted.
    let bankEntryIDs: [String]
    /// Sum of the credits, in their minor units.
    let amount: Cents

    init(tenantID: TenantID, bookingID: String?, platformBookingID: String?, bankEntryIDs: [String], amount: Cents) {
        self.tenantID = tenantID
        self.bookingID = bookingID
        self.platformBookingID = platformBookingID
        self.bankEntryIDs = bankEntryIDs
        self.amount = amount
    }
}
