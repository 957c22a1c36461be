/// The bank credits that settle one booking (SPEC §3.3).
public struct BankSettlement: Equatable, Sendable, Codable {
    public let tenantID: String
    /// The ledger booking, when there is one.
    public let bookingID: String?
    /// The platform booking, when there is one.
    public let platformBookingID: String?
    /// Sorted.
    public let bankEntryIDs: [String]
    /// Sum of the credits, in their minor units.
    public let amount: Cents

    public init(tenantID: TenantID, bookingID: String?, platformBookingID: String?, bankEntryIDs: [String], amount: Cents) {
        self.tenantID = tenantID.rawValue
        self.bookingID = bookingID
        self.platformBookingID = platformBookingID
        self.bankEntryIDs = bankEntryIDs
        self.amount = amount
    }
}
