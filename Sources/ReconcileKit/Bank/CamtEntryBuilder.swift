/// Turns a draft into canonical `bank_entry` records (docs/canonical-forms.md, docs/bank-reports.md).
enum CamtEntryBuilder {
    enum Outcome {
        case records([Record])
        case rejected(String)
        case skipped(String)
    }

    /// Why an entry is rejected; never quotes customer text or amounts.
    struct Rejection: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }

    static func build(_ draft: CamtEntryDraft, tenantFor: (String) -> TenantID?) -> Outcome {
        if let problem = draft.problem { return .rejected(problem) }
        if let status = draft.status.map(CamtText.trim), status != "BOOK" {
            let code = isCode(status) ? status : "other than BOOK"
            return .skipped("entry status \(code) is not booked")
        }
        guard let iban = draft.iban else { return .rejected("account has no IBAN or other identification") }
        guard let amount = draft.amount else { return .rejected("entry has no Amt") }
        let money: (Int64, String)
        switch minorUnits(amount, what: "Amt") {
        case .success(let m): money = m
        case .failure(let reason): return .rejected(reason.text)
        }
        guard let direction = draft.direction.map(CamtText.trim), direction == "CRDT" || direction == "DBIT" else {
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
        guard let day = bookingDate ?? valueDate else { return .rejected("entry has neither BookgDt nor ValDt") }

        let tenant = tenantFor(iban) ?? .global
        var entry = Fields(amount: money.0, currency: money.1, direction: direction, iban: iban,
                           bookingDate: bookingDate, valueDate: valueDate, tenant: tenant,
                           references: references(of: draft.transactions))
        let entryID = identifier(draft.accountServicerReference) ?? identifier(draft.entryReference)
            ?? ObjectID(digestOf: CanonicalJSON.encode(entry.value(id: nil))).hex
        let time = ISODate.unixSeconds(day)

        guard draft.transactions.count > 1 else {
            return .records([record(entry, id: entryID, at: draft.location, time: time)])
        }
        var records: [Record] = []
        for (n, transaction) in draft.transactions.enumerated() {
            guard let own = transaction.amount ?? transaction.transactionAmount else {
                return .rejected("batched entry: transaction \(n + 1) has no amount of its own")
            }
            switch minorUnits(own, what: "transaction \(n + 1) Amt") {
            case .success(let m): (entry.amount, entry.currency) = m
            case .failure(let reason): return .rejected(reason.text)
            }
            entry.references = references(of: [transaction])
            records.append(record(entry, id: "\(entryID)/\(n + 1)", at: draft.location, time: time))
        }
        return .records(records)
    }

    /// The members of a `bank_entry` canonical form.
    struct Fields {
        var amount: Int64
        var currency: String
        var direction: String
        var iban: String
        var bookingDate: String?
        var valueDate: String?
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
            return .object(members)
        }
    }

    private static func record(_ fields: Fields, id: String, at location: Location, time: Int64) -> Record {
        Record(key: RecordKey(kind: .bankEntry, tenantID: fields.tenant, id: id),
               canonical: CanonicalJSON.encode(fields.value(id: id)), location: location, time: time)
    }

    private static func minorUnits(_ amount: CamtEntryDraft.Amount, what: String) -> Result<(Int64, String), Rejection> {
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
              let end = utf8.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(s[start...end])
    }
}
