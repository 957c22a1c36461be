/// Turns a draft into canonical `bank_entry` records (docs/canonical-forms.md, docs/bank-reports.md).
enum CamtEntryBuilder {
    enum Outcome {
        /// The entry's records, its amount and direction as the statement counts it, and why a
        /// batch was kept whole, if it was.
        case booked([Record], amount: Int64, currency: String, direction: BankEntry.Direction, keptWhole: String?)
        case rejected(String)
        case notBooked(CamtUnbookedEntry)
    }

    /// Where the date of an entry without `BookgDt` and `ValDt` came from.
    enum DateSource: String {
        case relatedDates = "RltdDts"
        case period = "FrToDt"
        case creation = "CreDtTm"
    }

    /// Why an entry is rejected; never quotes customer text or amounts.
    struct Rejection: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }

    static func build(_ draft: CamtEntryDraft, in statement: CamtStatementDraft, tenantFor: (String) -> TenantID?)
        -> Outcome
    {
        if let problem = draft.problem { return .rejected(problem) }
        let reference = identifier(draft.accountServicerReference) ?? identifier(draft.entryReference)
        if let status = draft.status.map(CamtText.trim), status != "BOOK" {
            let money = draft.amount.flatMap { try? minorUnits($0, what: "Amt").get() }
            return .notBooked(
                CamtUnbookedEntry(
                    location: draft.location, status: isCode(status) ? status : "other", reference: reference,
                    amount: money?.0, currency: money?.1,
                    direction: draft.direction.map(CamtText.trim).flatMap(BankEntry.Direction.init)))
        }
        guard let iban = statement.account else { return .rejected("account has no IBAN or other identification") }
        guard let amount = draft.amount else { return .rejected("entry has no Amt") }
        let money: (Int64, String)
        switch minorUnits(amount, what: "Amt") {
        case .success(let m): money = m
        case .failure(let reason): return .rejected(reason.text)
        }
        guard let direction = draft.direction.map(CamtText.trim).flatMap(BankEntry.Direction.init) else {
            return .rejected("CdtDbtInd is neither CRDT nor DBIT")
        }
        let bookingDate = ISODate.date(fromDate: draft.bookingDate, orDateTime: draft.bookingDateTime)
        let valueDate = ISODate.date(fromDate: draft.valueDate, orDateTime: draft.valueDateTime)
        if bookingDate == nil && (draft.bookingDate != nil || draft.bookingDateTime != nil) {
            return .rejected("BookgDt is not a calendar date")
        }
        if valueDate == nil && (draft.valueDate != nil || draft.valueDateTime != nil) {
            return .rejected("ValDt is not a calendar date")
        }
        var fallback: (date: String, source: DateSource)? = nil
        if bookingDate == nil && valueDate == nil {
            fallback = relatedDate(of: draft.transactions).map { ($0, .relatedDates) } ?? statement.fallbackDate
        }

        let tenant = tenantFor(iban) ?? .global
        var entry = Fields(
            amount: money.0, currency: money.1, direction: direction.rawValue, iban: iban,
            bookingDate: bookingDate, valueDate: valueDate,
            fallbackDate: fallback.map { ($0.date, $0.source.rawValue) },
            reversal: isTrue(draft.reversal), tenant: tenant, references: references(of: draft.transactions))
        let entryID =
            reference ?? statement.identity.map { "\($0)#\(statement.position)" }
            ?? "\(ObjectID(digestOf: CanonicalJSON.encode(entry.value(id: nil))).hex)#\(statement.position)"
        let time = (bookingDate ?? valueDate ?? fallback?.date).map(ISODate.unixSeconds) ?? 0
        let whole = { (keptWhole: String?) in
            Outcome.booked(
                [record(entry, id: entryID, at: draft.location, time: time)], amount: money.0, currency: money.1,
                direction: direction, keptWhole: keptWhole)
        }
        guard draft.transactions.count > 1 else { return whole(nil) }
        let parts: [(amount: Int64, direction: BankEntry.Direction)]
        switch split(draft.transactions, entryAmount: money.0, currency: money.1, direction: direction) {
        case .success(let found): parts = found
        case .failure(let reason): return whole("batched entry kept whole: \(reason.text)")
        }
        var records: [Record] = []
        for (n, (transaction, part)) in zip(draft.transactions, parts).enumerated() {
            entry.amount = part.amount
            entry.direction = part.direction.rawValue
            entry.references = references(of: [transaction])
            records.append(record(entry, id: "\(entryID)/\(n + 1)", at: draft.location, time: time))
        }
        return .booked(records, amount: money.0, currency: money.1, direction: direction, keptWhole: nil)
    }

    /// Each transaction's own amount (in the entry's currency: `TxDtls/Amt`, else
    /// `AmtDtls/TxAmt/Amt`) and direction (its own `CdtDbtInd`, else the entry's), when they add up
    /// to the entry: credits minus debits, signed as the entry is.
    private static func split(
        _ transactions: [CamtEntryDraft.Transaction], entryAmount: Int64, currency: String,
        direction: BankEntry.Direction
    ) -> Result<[(amount: Int64, direction: BankEntry.Direction)], Rejection> {
        var parts: [(amount: Int64, direction: BankEntry.Direction)] = []
        var net: Int64 = 0
        for (n, t) in transactions.enumerated() {
            let candidates = [t.amount, t.transactionAmount].compactMap { $0 }
            guard !candidates.isEmpty else {
                return .failure(Rejection("transaction \(n + 1) has no amount of its own"))
            }
            let inEntryCurrency = candidates.first { $0.currency.map(CamtText.trim) == currency }
            guard let own = inEntryCurrency else {
                return .failure(Rejection("transaction \(n + 1) has no amount in the entry's currency \(currency)"))
            }
            let units: Int64
            switch minorUnits(own, what: "transaction \(n + 1) Amt") {
            case .success(let m): units = m.0
            case .failure(let reason): return .failure(reason)
            }
            let ownDirection: BankEntry.Direction
            if let text = t.direction {
                guard let d = BankEntry.Direction(rawValue: CamtText.trim(text)) else {
                    return .failure(Rejection("transaction \(n + 1) CdtDbtInd is neither CRDT nor DBIT"))
                }
                ownDirection = d
            } else {
                ownDirection = direction
            }
            let (sum, overflow) =
                ownDirection == direction ? net.addingReportingOverflow(units) : net.subtractingReportingOverflow(units)
            guard !overflow else { return .failure(Rejection("its transactions exceed 64-bit minor units")) }
            net = sum
            parts.append((units, ownDirection))
        }
        guard net == entryAmount else {
            return .failure(Rejection("its \(transactions.count) transactions do not add up to the entry's amount"))
        }
        return .success(parts)
    }

    /// The first related date of the transactions that is a real calendar date.
    private static func relatedDate(of transactions: [CamtEntryDraft.Transaction]) -> String? {
        for t in transactions {
            for text in t.relatedDates {
                if let date = ISODate.date(fromDate: nil, orDateTime: text)
                    ?? ISODate.date(fromDate: text, orDateTime: nil)
                {
                    return date
                }
            }
        }
        return nil
    }

    /// xs:boolean true.
    private static func isTrue(_ text: String?) -> Bool {
        guard let text else { return false }
        let t = CamtText.trim(text)
        return t == "true" || t == "1"
    }

    /// The members of a `bank_entry` canonical form.
    struct Fields {
        var amount: Int64
        var currency: String
        var direction: String
        var iban: String
        var bookingDate: String?
        var valueDate: String?
        /// The date and its source (``DateSource``) when the entry has neither booking nor value date.
        var fallbackDate: (date: String, source: String)?
        var reversal: Bool
        var tenant: TenantID
        var references: [String]

        func value(id: String?) -> JSONValue {
            var members: [JSONMember] = [
                JSONMember("amount", .int(amount)),
                JSONMember("currency", .string(currency)),
                JSONMember("direction", .string(direction)),
                JSONMember("iban", .string(iban)),
                JSONMember("kind", .string(RecordKind.bankEntry.rawValue)),
                JSONMember("references", .array(references.map { .string($0) })),
                JSONMember("tenantId", .string(tenant.rawValue)),
            ]
            if let id { members.append(JSONMember("id", .string(id))) }
            if let bookingDate { members.append(JSONMember("bookingDate", .string(bookingDate))) }
            if let valueDate { members.append(JSONMember("valueDate", .string(valueDate))) }
            if let fallbackDate {
                members.append(JSONMember("date", .string(fallbackDate.date)))
                members.append(JSONMember("dateSource", .string(fallbackDate.source)))
            }
            if reversal { members.append(JSONMember("reversal", .bool(true))) }
            return .object(members)
        }
    }

    private static func record(_ fields: Fields, id: String, at location: Location, time: Int64) -> Record {
        Record(
            key: RecordKey(kind: .bankEntry, tenantID: fields.tenant, id: id),
            canonical: CanonicalJSON.encode(fields.value(id: id)), location: location, time: time)
    }

    static func minorUnits(_ amount: CamtEntryDraft.Amount, what: String) -> Result<(Int64, String), Rejection> {
        guard let currency = amount.currency.map(CamtText.trim), CurrencyAmount.isValidCode(currency) else {
            return .failure(Rejection("\(what) has no valid Ccy"))
        }
        let exponent = CurrencyAmount.exponent(of: currency)
        switch CurrencyAmount.minorUnits(amount.text, exponent: exponent) {
        case .success(let units): return .success((units, currency))
        case .failure(.notADecimal): return .failure(Rejection("\(what) is not a non-negative decimal"))
        case .failure(.tooLarge): return .failure(Rejection("\(what) does not fit 64-bit minor units"))
        case .failure(.tooManyDecimals(let found, let allowed)):
            return .failure(Rejection("\(what) has \(found) decimals, \(currency) allows \(allowed)"))
        }
    }

    /// EndToEndId, Ustrd and CdtrRefInf/Ref texts: trimmed, without empties and NOTPROVIDED,
    /// deduplicated and sorted by UTF-8 bytes.
    private static func references(of transactions: [CamtEntryDraft.Transaction]) -> [String] {
        var all = Set<String>()
        for t in transactions {
            for text in [t.endToEndID].compactMap({ $0 }) + t.unstructured + t.creditorReferences {
                let r = CamtText.trim(text)
                if !r.isEmpty, r != "NOTPROVIDED" { all.insert(r) }
            }
        }
        return all.sorted { $0.utf8Precedes($1) }
    }

    /// An entry reference usable as an id: trimmed, not empty, not a "no reference" placeholder.
    private static func identifier(_ text: String?) -> String? {
        guard let text else { return nil }
        let t = CamtText.trim(text)
        return t.isEmpty || t == "NOTPROVIDED" || t == "NONREF" ? nil : t
    }

    private static func isCode(_ s: String) -> Bool {
        s.utf8.count == 4 && s.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }
}

enum CamtText {
    /// Trims XML white space (space, tab, CR, LF) from both ends.
    static func trim(_ s: String) -> String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let utf8 = s.utf8
        guard let first = utf8.first, let last = utf8.last else { return s }
        if !isSpace(first) && !isSpace(last) { return s }
        guard let start = utf8.firstIndex(where: { !isSpace($0) }),
            let end = utf8.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(s[start...end])
    }
}
