/// The raw texts of one `Ntry` as the walk collects them, before any validation.
struct CamtEntryDraft {
    struct Amount {
        var text: String
        var currency: String?
    }

    /// One `NtryDtls/TxDtls`.
    struct Transaction {
        var endToEndID: String?
        var unstructured: [String] = []
        var creditorReferences: [String] = []
        /// `TxDtls/Amt` (camt versions 04 and later).
        var amount: Amount?
        /// `TxDtls/AmtDtls/TxAmt/Amt`.
        var transactionAmount: Amount?
        /// `TxDtls/CdtDbtInd` (camt versions 05 and later); the entry's when absent.
        var direction: String?
        /// The children of `TxDtls/RltdDts` that hold a date or a date-time, in document order.
        var relatedDates: [String] = []
    }

    /// The `<Ntry>` line, exact below line 65 535. Past it libxml2 no longer knows element lines:
    /// the line of the entry's first text (its first field, usually the next line) replaces the
    /// parser's read-ahead position as soon as that text is seen.
    var location: Location
    var lineIsProvisional = false
    var iban: String?
    var amount: Amount?
    var direction: String?
    var status: String?
    var bookingDate: String?
    var bookingDateTime: String?
    var valueDate: String?
    var valueDateTime: String?
    var accountServicerReference: String?
    var entryReference: String?
    /// `RvslInd`: `true` or `1` marks a reversal.
    var reversal: String?
    var transactions: [Transaction] = []
    /// Text bytes collected so far, against ``CamtReader/Limits/maxEntryBytes``.
    var size = 0
    /// The first structural problem seen (a field given twice, an entry too large).
    var problem: String?

    init(location: Location) {
        self.location = location
    }

    mutating func set(_ field: WritableKeyPath<CamtEntryDraft, String?>, _ value: String, name: String) {
        if self[keyPath: field] != nil, problem == nil { problem = "entry has more than one \(name)" }
        self[keyPath: field] = value
    }
}
