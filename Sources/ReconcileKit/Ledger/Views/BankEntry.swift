/// One bank entry (or one transaction of a split entry) of an ISO 20022 report
/// (`docs/canonical-forms.md`, kind `bank_entry`).
public struct BankEntry: Equatable, Sendable {
    public let id: String
    /// From the account's IBAN at decode time; `_global` when no tenant owned it then.
    public let tenantID: TenantID
    public let iban: String
    /// Exact minor units of `currency`.
    public let amount: Cents
    /// Upper-case ISO code as the bank wrote it.
    public let currency: String
    public let direction: Direction
    public let bookingDate: CalendarDate?
    public let valueDate: CalendarDate?
    /// The date of an entry without booking and value date, from its related dates or its
    /// statement (``dateSource``).
    public let fallbackDate: CalendarDate?
    /// `RltdDts`, `FrToDt` or `CreDtTm` when ``fallbackDate`` is set.
    public let dateSource: String?
    /// `RvslInd` true: the entry reverses an earlier one (a `DBIT` reversal undoes a credit).
    public let isReversal: Bool
    /// Trimmed, deduplicated, sorted reference texts.
    public let references: [String]

    /// The booking date, else the value date, else the fallback date.
    public var date: CalendarDate? { bookingDate ?? valueDate ?? fallbackDate }

    public enum Direction: String, Sendable, Codable {
        case credit = "CRDT"
        case debit = "DBIT"
    }

    public init(canonical: JSONValue) throws(RecordViewError) {
        var r = try CanonicalReader(canonical, kind: .bankEntry)
        id = try r.string("id")
        r.recordID = id
        tenantID = TenantID(try r.string("tenantId"))
        iban = normalizedIBAN(try r.string("iban"))
        amount = try r.int("amount")
        guard amount >= 0 else { throw r.error("amount", .invalid("is negative")) }
        currency = try r.string("currency").uppercased()
        guard let direction = Direction(rawValue: try r.string("direction")) else {
            throw r.error("direction", .invalid("is neither CRDT nor DBIT"))
        }
        self.direction = direction
        bookingDate = try r.optionalDate("bookingDate")
        valueDate = try r.optionalDate("valueDate")
        fallbackDate = try r.optionalDate("date")
        dateSource = try r.optionalString("dateSource")
        isReversal = canonical["reversal"]?.boolValue ?? false
        references = try r.strings("references")
    }
}
