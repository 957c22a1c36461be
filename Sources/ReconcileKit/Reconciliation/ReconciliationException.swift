/// One exception (SPEC §6): a disagreement between the ledger, the platform's bookings and the
/// bank that reconciliation found, or a statement the outbox could not write. Carried from run to
/// run as an open item and listed by the reports. References are ids only; `detail` is a short
/// sentence for humans with no customer data.
struct ReconciliationException: Equatable, Sendable, Codable {
    /// Which record the ledger was compared with, for kinds that have several.
    enum Source: String, Sendable, Codable {
        case platform
        case checkoutMetadata = "checkout_metadata"
        case bank
    }

    let kind: ExceptionKind
    let source: Source?
    let tenantID: TenantID
    /// The ledger booking (checkout session id).
    let bookingID: String?
    let platformBookingID: String?
    /// The bank entries' ids joined by spaces, as the reports and the open items give them.
    let bankEntryID: String?
    /// The one reference the reports name it by: the ledger booking, else the platform booking,
    /// else the first bank entry (whose id may hold a space, so it is kept apart).
    let bookingRef: String?
    /// The event that created the ledger booking.
    let eventID: String?
    /// What the ledger (or, without a ledger booking, the platform) says, in cents.
    let expected: Cents?
    /// What the other side says, in cents.
    let actual: Cents?
    /// Currency of the amounts ("usd"), when amounts are given.
    let currency: String?
    let detail: String
    /// The bank credit behind a bank exception: its booking date, reference text (the
    /// references joined by " / ") and the account (IBAN) it was credited to.
    var bankBookingDate: String? = nil
    var bankReference: String? = nil
    var bankAccount: String? = nil

    /// - Parameters:
    ///   - bankEntryIDs: the bank entries' ids; read back, their joined text.
    ///   - bookingRef: given only when read back.
    init(
        kind: ExceptionKind, source: Source? = nil, tenantID: TenantID, bookingID: String? = nil,
        platformBookingID: String? = nil, bankEntryIDs: [String] = [], bookingRef: String?? = nil,
        eventID: String? = nil, expected: Cents? = nil, actual: Cents? = nil, currency: String? = nil, detail: String
    ) {
        self.kind = kind
        self.source = source
        self.tenantID = tenantID
        self.bookingID = bookingID
        self.platformBookingID = platformBookingID
        self.bankEntryID = bankEntryIDs.isEmpty ? nil : bankEntryIDs.joined(separator: " ")
        self.bookingRef = bookingRef ?? bookingID ?? platformBookingID ?? bankEntryIDs.first
        self.eventID = eventID
        self.expected = expected
        self.actual = actual
        self.currency = currency
        self.detail = detail
    }

    /// `actual − expected`, when both are known.
    var differenceCents: Cents? {
        guard let e = expected, let a = actual else { return nil }
        return a - e
    }

    /// Report order, the one order of exceptions: kind, tenant, the booking reference, event, the
    /// amounts, then the detail, so the order never depends on the caller (a missing text as "",
    /// a missing amount first).
    static func reportOrder(_ a: borrowing ReconciliationException, _ b: borrowing ReconciliationException) -> Bool {
        if a.kind != b.kind { return a.kind < b.kind }
        if a.tenantID != b.tenantID { return a.tenantID < b.tenantID }
        if a.bookingRef != b.bookingRef { return (a.bookingRef ?? "") < (b.bookingRef ?? "") }
        if a.eventID != b.eventID { return (a.eventID ?? "") < (b.eventID ?? "") }
        if a.expected != b.expected { return (a.expected ?? .min) < (b.expected ?? .min) }
        if a.actual != b.actual { return (a.actual ?? .min) < (b.actual ?? .min) }
        return a.detail < b.detail
    }
}
