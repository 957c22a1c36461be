/// The texts of one account element (`Stmt`, `Rpt` or `Ntfctn`) other than its entries — its
/// identity, dates and balances — and the running totals of the entries read from it. ISO 20022
/// puts all of these before the first `Ntry`, so each entry is built as soon as it closes.
struct CamtStatementDraft {
    struct Balance {
        var type: String?
        var amount: CamtEntryDraft.Amount?
        var direction: String?
    }

    let message: CamtMessage
    var location: Location
    var iban: String?
    var otherAccountID: String?
    var id: String?
    var electronicSequence: String?
    var legalSequence: String?
    var page: String?
    var created: String?
    var periodFrom: String?
    var periodTo: String?
    /// `GrpHdr/CreDtTm` of the message, the last date an entry can fall back to.
    var messageCreated: String?
    var balances: [Balance] = []
    /// `Ntry` elements opened so far: the position of the current one, from 1.
    var position = 0
    var totals = CamtStatement.Totals()

    init(message: CamtMessage, location: Location, messageCreated: String?) {
        self.message = message
        self.location = location
        self.messageCreated = messageCreated
    }

    /// The account, upper-cased without white space: the IBAN, else `Othr/Id`.
    var account: String? { (iban ?? otherAccountID).map(CamtWalk.normalisedAccount) }

    /// Message type, account and the first of `Id`, `ElctrncSeqNb`, `LglSeqNb`, creation time, with
    /// the page number when the statement is paginated: the same statement delivered twice has the
    /// same identity. Nil when the statement carries none of them.
    var identity: String? {
        guard let account else { return nil }
        let number: String?
        if let id = Self.present(id) {
            number = id
        } else if let seq = Self.present(electronicSequence) {
            number = "ElctrncSeqNb:\(seq)"
        } else if let seq = Self.present(legalSequence) {
            number = "LglSeqNb:\(seq)"
        } else if let created = Self.present(created) {
            number = "CreDtTm:\(created)"
        } else {
            number = nil
        }
        guard let number else { return nil }
        let pageSuffix = Self.present(page).map { "/p\($0)" } ?? ""
        return "\(message.type.rawValue)/\(account)/\(number)\(pageSuffix)"
    }

    /// The date an entry without `BookgDt`, `ValDt` and related dates falls back to: the end of the
    /// statement's period, else its start, else its creation time, else the message's.
    var fallbackDate: (date: String, source: CamtEntryBuilder.DateSource)? {
        for (text, source) in [
            (periodTo, CamtEntryBuilder.DateSource.period), (periodFrom, .period),
            (created, .creation), (messageCreated, .creation),
        ] {
            guard let text else { continue }
            if let date = ISODate.date(fromDate: nil, orDateTime: text) ?? ISODate.date(fromDate: text, orDateTime: nil)
            {
                return (date, source)
            }
        }
        return nil
    }

    private static func present(_ text: String?) -> String? {
        guard let text else { return nil }
        let t = CamtText.trim(text)
        return t.isEmpty ? nil : t
    }
}
