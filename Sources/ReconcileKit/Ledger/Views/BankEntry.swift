/// One bank entry (or one transaction of a split entry) of an ISO 20022 report
/// (`docs/canonical-forms.md`, kind `bank_entry`).
struct BankEntry: Equatable, Sendable {
    let id: String
    /// From the account's IBAN at decode time; `_global` when no tenant owned it then.
    let tenantID: TenantID
    let iban: String
    /// Exact minor units of `currency`.
    let amount: Cents
    /// Upper-case ISO code as the bank wrote it.
    let currency: String
    let direction: Direction
    let bookingDate: CalendarDate?
    let valueDate: CalendarDate?
    /// The date of an entry without booking and value date, from its related dates or its
    /// statement (``dateSource``).
    let fallbackDate: CalendarDate?
    /// `RltdDts`, `FrToDt` or `CreDtTm` when ``fallbackDate`` is set.
    let dateSource: String?
    /// `RvslInd` true: the entry reverses an earlier one (a `DBIT` reversal undoes a credit).
    let isReversal: Bool
    /// Trimmed, deduplicated, sorted reference texts.
    let references: [String]

    /// The booking date, else the value date, else the fallback date.
    var date: CalendarDate? { bookingDate ?? valueDate ?? fallbackDate }

    enum Direction: String, Sendable, Codable {
        case credit = "CRDT"
        case debit = "DBIT"
    }

    init(canonical: JSONValue) throws(RecordViewError) {
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
