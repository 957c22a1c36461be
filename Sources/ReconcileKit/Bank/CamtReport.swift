/// The three ISO 20022 bank-to-customer cash management reports.
enum CamtMessageType: String, Sendable, CaseIterable {
    /// camt.052 `BkToCstmrAcctRpt`: intraday account report.
    case accountReport = "camt.052"
    /// camt.053 `BkToCstmrStmt`: end-of-day statement.
    case statement = "camt.053"
    /// camt.054 `BkToCstmrDbtCdtNtfctn`: debit/credit notification.
    case notification = "camt.054"

    /// The child of `Document` that carries this message.
    var messageElement: String {
        switch self {
        case .accountReport: "BkToCstmrAcctRpt"
        case .statement: "BkToCstmrStmt"
        case .notification: "BkToCstmrDbtCdtNtfctn"
        }
    }

    /// The repeated element holding one account's entries: `Rpt`, `Stmt` or `Ntfctn`.
    var accountElement: String {
        switch self {
        case .accountReport: "Rpt"
        case .statement: "Stmt"
        case .notification: "Ntfctn"
        }
    }
}

/// Which message a file holds: `camt.053.001.08` is `.statement`, version 8.
struct CamtMessage: Hashable, Sendable, CustomStringConvertible {
    let type: CamtMessageType
    /// The `NN` of `.001.NN`; nil when the document has no namespace.
    let version: Int?

    init(type: CamtMessageType, version: Int?) {
        self.type = type
        self.version = version
    }

    var description: String {
        guard let version else { return type.rawValue }
        return "\(type.rawValue).001.\(version < 10 ? "0" : "")\(version)"
    }
}

/// One `Ntry` that produced no record, with where it is and why (never quoting customer data).
struct CamtIssue: Hashable, Sendable, CustomStringConvertible {
    let location: Location
    let reason: String

    init(location: Location, reason: String) {
        self.location = location
        self.reason = reason
    }

    var description: String { "\(location): \(reason)" }
}

/// A `PDNG`, `INFO` (or other non-`BOOK`) entry: counted and listed, never stored, never settling.
struct CamtUnbookedEntry: Hashable, Sendable {
    let location: Location
    /// The `Sts` code as the bank wrote it (`PDNG`, `INFO`, `FUTR`), or `other` for free text.
    let status: String
    /// `AcctSvcrRef`, else `NtryRef`, when the bank gave one.
    let reference: String?
    /// Minor units and currency when `Amt` could be read.
    let amount: Int64?
    let currency: String?
    let direction: BankEntry.Direction?
}

/// What one bank report file yielded.
struct CamtReport: Sendable {
    let message: CamtMessage
    /// `bank_entry` records in document order (a batched entry's transactions consecutively).
    let records: [Record]
    /// Entries refused alone (bad amount, impossible date …); the rest of the file stands.
    let rejected: [CamtIssue]
    /// Entries that are not booked (`Sts` `PDNG`, `INFO`, `FUTR`): listed, not bank entries yet.
    let notBooked: [CamtUnbookedEntry]
    /// Batched entries stored whole because their transactions do not add up to the entry.
    let keptWhole: [CamtIssue]
    /// Every account element, in document order, with its totals and balance check.
    let statements: [CamtStatement]
}
