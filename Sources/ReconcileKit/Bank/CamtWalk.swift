/// The walk over one document's nodes: tracks the element path by local name, collects the texts
/// of the fields that matter into a ``CamtStatementDraft`` per account element and a
/// ``CamtEntryDraft`` per `Ntry`, builds records at `</Ntry>` and checks the balances at the end of
/// each account element.
///
/// The camt `Document` is the root, or sits inside an envelope (SWIFT's `Envelope` with `AppHdr`
/// and `Document`, a `BizMsg` …) at most ``maxEnvelopeDepth`` elements down: it is then read as if
/// it stood alone, and the envelope's other elements are passed over.
struct CamtWalk {
    private enum Field {
        case iban, otherAccountID
        case statementID, electronicSequence, legalSequence, page, statementCreated, periodFrom, periodTo,
            messageCreated
        case balanceType, balanceAmount, balanceDirection
        case amount, direction, status, bookingDate, bookingDateTime, valueDate, valueDateTime, reversal
        case accountServicerReference, entryReference
        case endToEndID, unstructured, creditorReference, transactionAmount, transactionAmountDetail
        case transactionDirection, relatedDate
    }

    /// Element paths, relative to the account element (`Stmt` …), its `Ntry`, or a `TxDtls`.
    private enum Paths {
        static let iban = ["Acct", "Id", "IBAN"]
        static let otherAccountID = ["Acct", "Id", "Othr", "Id"]
        static let periodFrom = ["FrToDt", "FrDtTm"]
        static let periodTo = ["FrToDt", "ToDtTm"]
        static let balanceCode = ["Bal", "Tp", "CdOrPrtry", "Cd"]
        static let balanceProprietary = ["Bal", "Tp", "CdOrPrtry", "Prtry"]
        static let balanceCodeVersion1 = ["Bal", "Tp", "Cd"]
        static let balanceAmount = ["Bal", "Amt"]
        static let balanceDirection = ["Bal", "CdtDbtInd"]
        static let statusCode = ["Sts", "Cd"]
        static let statusProprietary = ["Sts", "Prtry"]
        static let bookingDate = ["BookgDt", "Dt"]
        static let bookingDateTime = ["BookgDt", "DtTm"]
        static let valueDate = ["ValDt", "Dt"]
        static let valueDateTime = ["ValDt", "DtTm"]
        static let transaction = ["NtryDtls", "TxDtls"]
        static let endToEndID = ["Refs", "EndToEndId"]
        static let unstructured = ["RmtInf", "Ustrd"]
        static let creditorReference = ["RmtInf", "Strd", "CdtrRefInf", "Ref"]
        static let transactionAmount = ["AmtDtls", "TxAmt", "Amt"]
    }

    /// How deep inside an envelope a camt `Document` is looked for.
    static let maxEnvelopeDepth = 4

    let limits: CamtReader.Limits
    private var path: [String] = []
    private var rootClosed = false
    /// Index in `path` of the camt `Document` being read; nil outside one.
    private var documentBase: Int?
    private var documentNamespace = ""
    private var message: CamtMessage?
    private var messageCreated: String?
    private var statement: CamtStatementDraft?
    private var draft: CamtEntryDraft?
    private var capture: (field: Field, depth: Int, currency: String?)?
    private var text: [UInt8] = []
    private var records: [Record] = []
    private var rejected: [CamtIssue] = []
    private var notBooked: [CamtUnbookedEntry] = []
    private var keptWhole: [CamtIssue] = []
    private var statements: [CamtStatement] = []

    init(limits: CamtReader.Limits) {
        self.limits = limits
    }

    mutating func run(_ stream: XMLEventStream, ibanToTenant: (String) -> TenantID?) throws(CamtError) -> CamtReport {
        while let event = try next(stream) {
            switch event {
            case .start(let name, let isEmpty):
                try start(name, stream)
                if isEmpty { end(ibanToTenant) }
            case .end:
                end(ibanToTenant)
            case .text:
                if draft?.lineIsProvisional == true, let line = stream.exactLine {
                    draft!.location.line = line
                    draft!.lineIsProvisional = false
                }
                collectText(stream)
            }
        }
        guard let message else { throw CamtError.notCamt(line: stream.parserLine, column: stream.parserColumn) }
        return CamtReport(
            message: message, records: records, rejected: rejected, notBooked: notBooked,
            keptWhole: keptWhole, statements: statements)
    }

    /// The next node; a document that ends with elements still open is reported as truncated.
    private func next(_ stream: XMLEventStream) throws(CamtError) -> XMLEventStream.Event? {
        do {
            return try stream.next()
        } catch {
            guard error.code == .malformedXML, stream.failedAtEndOfInput, !rootClosed else { throw error }
            throw CamtError(
                code: .malformedXML, line: error.line, column: error.column,
                reason: "document ends before its elements are closed (truncated file)")
        }
    }

    private mutating func start(_ name: String, _ stream: XMLEventStream) throws(CamtError) {
        guard path.count < limits.maxDepth else {
            throw CamtError(
                code: .limitExceeded, line: stream.elementLine, column: 0,
                reason: "elements nest deeper than \(limits.maxDepth)")
        }
        if documentBase == nil, name == "Document", path.count <= Self.maxEnvelopeDepth {
            let namespace = stream.namespaceURI
            if namespace.isEmpty || CamtDetector.message(namespaceURI: namespace) != nil {
                documentBase = path.count
                documentNamespace = namespace
            } else if path.isEmpty {
                throw CamtError.notCamt(line: stream.elementLine, column: 0)
            }
        }
        path.append(name)
        guard let base = documentBase else { return }
        if path.count == base + 2 {
            guard let found = CamtDetector.classify(documentNamespace: documentNamespace, messageElement: name),
                message == nil || message == found
            else {
                throw CamtError.notCamt(line: stream.elementLine, column: 0)
            }
            message = found
            messageCreated = nil
            return
        }
        guard let message, path.count >= base + 3, path[base + 1] == message.type.messageElement else { return }
        if path.count == base + 4, path[base + 2] == "GrpHdr", name == "CreDtTm" {
            begin(.messageCreated)
            return
        }
        guard path[base + 2] == message.type.accountElement else { return }
        let rel = path[(base + 3)...]
        if rel.isEmpty {
            statement = CamtStatementDraft(
                message: message, location: Location(line: stream.elementLine, byteOffset: stream.byteOffset),
                messageCreated: messageCreated)
            return
        }
        guard draft != nil else {
            startStatementField(rel, stream)
            return
        }
        let e = path[(base + 4)...]
        switch e.count {
        case 1:
            switch e.first! {
            case "Amt": begin(.amount, currency: stream.attribute("Ccy"))
            case "CdtDbtInd": begin(.direction)
            case "Sts": begin(.status)
            case "RvslInd": begin(.reversal)
            case "AcctSvcrRef": begin(.accountServicerReference)
            case "NtryRef": begin(.entryReference)
            default: break
            }
        case 2:
            if e.elementsEqual(Paths.statusCode) || e.elementsEqual(Paths.statusProprietary) {
                begin(.status)
            } else if e.elementsEqual(Paths.bookingDate) {
                begin(.bookingDate)
            } else if e.elementsEqual(Paths.bookingDateTime) {
                begin(.bookingDateTime)
            } else if e.elementsEqual(Paths.valueDate) {
                begin(.valueDate)
            } else if e.elementsEqual(Paths.valueDateTime) {
                begin(.valueDateTime)
            } else if e.elementsEqual(Paths.transaction) {
                draft!.transactions.append(CamtEntryDraft.Transaction())
                draft!.size += 64
            }
        default:
            guard e.count > 2, e.prefix(2).elementsEqual(Paths.transaction), !draft!.transactions.isEmpty else {
                return
            }
            let t = e.dropFirst(2)
            if t.elementsEqual(Paths.endToEndID) {
                begin(.endToEndID)
            } else if t.elementsEqual(Paths.unstructured) {
                begin(.unstructured)
            } else if t.elementsEqual(Paths.creditorReference) {
                begin(.creditorReference)
            } else if t.count == 1 && t.first == "Amt" {
                begin(.transactionAmount, currency: stream.attribute("Ccy"))
            } else if t.count == 1 && t.first == "CdtDbtInd" {
                begin(.transactionDirection)
            } else if t.elementsEqual(Paths.transactionAmount) {
                begin(.transactionAmountDetail, currency: stream.attribute("Ccy"))
            } else if t.count == 2 && t.first == "RltdDts" {
                begin(.relatedDate)
            }
        }
    }

    /// A field of the account element outside its entries: identity, period, balances, account.
    private mutating func startStatementField(_ rel: ArraySlice<String>, _ stream: XMLEventStream) {
        switch rel.count {
        case 1:
            switch rel.first! {
            case "Id": begin(.statementID)
            case "ElctrncSeqNb": begin(.electronicSequence)
            case "LglSeqNb": begin(.legalSequence)
            case "CreDtTm": begin(.statementCreated)
            case "Bal": statement?.balances.append(CamtStatementDraft.Balance())
            case "Ntry":
                let exact = stream.exactLine
                draft = CamtEntryDraft(
                    location: Location(line: exact ?? stream.parserLine, byteOffset: stream.byteOffset))
                draft!.lineIsProvisional = exact == nil
                statement?.position += 1
            default: break
            }
        case 2:
            if rel.elementsEqual(Paths.periodFrom) {
                begin(.periodFrom)
            } else if rel.elementsEqual(Paths.periodTo) {
                begin(.periodTo)
            } else if rel.elementsEqual(Paths.balanceAmount) {
                begin(.balanceAmount, currency: stream.attribute("Ccy"))
            } else if rel.elementsEqual(Paths.balanceDirection) {
                begin(.balanceDirection)
            } else if rel.last == "PgNb", rel.first!.hasSuffix("Pgntn") {
                begin(.page)
            }
        default:
            if rel.elementsEqual(Paths.iban) {
                begin(.iban)
            } else if rel.elementsEqual(Paths.otherAccountID) {
                begin(.otherAccountID)
            } else if rel.elementsEqual(Paths.balanceCode) || rel.elementsEqual(Paths.balanceProprietary)
                || rel.elementsEqual(Paths.balanceCodeVersion1)
            {
                begin(.balanceType)
            }
        }
    }

    private mutating func begin(_ field: Field, currency: String? = nil) {
        capture = (field, path.count, currency)
        text.removeAll(keepingCapacity: true)
    }

    private mutating func collectText(_ stream: XMLEventStream) {
        guard let capture, capture.depth == path.count else { return }
        let used = draft?.size ?? 0
        let limit = max(0, limits.maxEntryBytes - used)
        if !stream.appendText(to: &text, limit: limit) {
            if draft != nil, draft!.problem == nil { draft!.problem = "entry exceeds \(limits.maxEntryBytes) bytes" }
            self.capture = nil
        }
    }

    private mutating func end(_ ibanToTenant: (String) -> TenantID?) {
        defer {
            path.removeLast()
            if path.isEmpty { rootClosed = true }
        }
        if let capture, capture.depth == path.count {
            self.capture = nil
            commit(capture.field, String(decoding: text, as: UTF8.self), currency: capture.currency)
        }
        guard let base = documentBase else { return }
        if path.count == base + 4, let entry = draft, statement != nil {
            draft = nil
            finishEntry(entry, ibanToTenant)
        } else if path.count == base + 3, let current = statement, path[base + 2] == current.message.type.accountElement
        {
            statement = nil
            finishStatement(current, ibanToTenant)
        } else if path.count == base + 1 {
            documentBase = nil
        }
    }

    private mutating func finishEntry(_ entry: CamtEntryDraft, _ ibanToTenant: (String) -> TenantID?) {
        if statement!.position == 1, statement!.totals.currency == nil {
            statement!.totals.currency =
                statement!.balances.lazy.compactMap { $0.amount?.currency.map(CamtText.trim) }.first
        }
        switch CamtEntryBuilder.build(entry, in: statement!, tenantFor: ibanToTenant) {
        case .booked(let built, let amount, let currency, let direction, let keptWholeReason):
            records.append(contentsOf: built)
            statement!.totals.add(amount, currency: currency, direction: direction)
            if let keptWholeReason { keptWhole.append(CamtIssue(location: entry.location, reason: keptWholeReason)) }
        case .rejected(let reason):
            rejected.append(CamtIssue(location: entry.location, reason: reason))
            statement!.totals.rejected += 1
        case .notBooked(let unbooked):
            notBooked.append(unbooked)
            statement!.totals.notBooked += 1
        }
    }

    /// The statement's totals and balances; a statement without an account is not one (its entries
    /// are rejected already).
    private mutating func finishStatement(_ draft: CamtStatementDraft, _ ibanToTenant: (String) -> TenantID?) {
        guard let account = draft.account else { return }
        var opening: CamtStatement.Balance?
        var closing: CamtStatement.Balance?
        var unreadable: String?
        for balance in draft.balances {
            guard let type = balance.type.map(CamtText.trim), ["OPBD", "PRCD", "CLBD"].contains(type) else { continue }
            guard let amount = balance.amount,
                case .success(let money) = CamtEntryBuilder.minorUnits(amount, what: "Bal"),
                let direction = balance.direction.map(CamtText.trim).flatMap(BankEntry.Direction.init)
            else {
                unreadable = unreadable ?? type
                continue
            }
            let value = CamtStatement.Balance(
                type: type, amount: direction == .credit ? money.0 : -money.0, currency: money.1)
            switch type {
            case "CLBD": closing = closing ?? value
            case "OPBD": opening = opening?.type == "OPBD" ? opening : value
            default: opening = opening ?? value
            }
        }
        var totals = draft.totals
        if totals.currency == nil { totals.currency = opening?.currency ?? closing?.currency }
        let tenant = ibanToTenant(account) ?? .global
        let identity = draft.identity ?? "\(draft.message.type.rawValue)/\(account)/line-\(draft.location.line ?? 0)"
        statements.append(
            CamtStatement(
                message: draft.message, tenantID: tenant, location: draft.location, account: account,
                identity: identity,
                statementID: draft.id.map(CamtText.trim),
                electronicSequence: draft.electronicSequence.map(CamtText.trim),
                legalSequence: draft.legalSequence.map(CamtText.trim), totals: totals, opening: opening,
                closing: closing,
                unreadableBalance: unreadable))
    }

    private mutating func commit(_ field: Field, _ value: String, currency: String?) {
        switch field {
        case .iban:
            statement?.iban = value
            return
        case .otherAccountID:
            statement?.otherAccountID = value
            return
        case .statementID:
            statement?.id = value
            return
        case .electronicSequence:
            statement?.electronicSequence = value
            return
        case .legalSequence:
            statement?.legalSequence = value
            return
        case .page:
            statement?.page = value
            return
        case .statementCreated:
            statement?.created = value
            return
        case .periodFrom:
            statement?.periodFrom = value
            return
        case .periodTo:
            statement?.periodTo = value
            return
        case .messageCreated:
            messageCreated = value
            return
        case .balanceType:
            if statement?.balances.isEmpty == false { statement!.balances[statement!.balances.count - 1].type = value }
            return
        case .balanceAmount:
            if statement?.balances.isEmpty == false {
                statement!.balances[statement!.balances.count - 1].amount = .init(text: value, currency: currency)
            }
            return
        case .balanceDirection:
            if statement?.balances.isEmpty == false {
                statement!.balances[statement!.balances.count - 1].direction = value
            }
            return
        default: break
        }
        guard draft != nil else { return }
        draft!.size += value.utf8.count
        let last = draft!.transactions.count - 1
        switch field {
        case .amount:
            if draft!.amount != nil, draft!.problem == nil { draft!.problem = "entry has more than one Amt" }
            draft!.amount = .init(text: value, currency: currency)
        case .direction: draft!.set(\.direction, value, name: "CdtDbtInd")
        case .status: draft!.set(\.status, value, name: "Sts")
        case .bookingDate: draft!.set(\.bookingDate, value, name: "BookgDt")
        case .bookingDateTime: draft!.set(\.bookingDateTime, value, name: "BookgDt")
        case .valueDate: draft!.set(\.valueDate, value, name: "ValDt")
        case .valueDateTime: draft!.set(\.valueDateTime, value, name: "ValDt")
        case .reversal: draft!.set(\.reversal, value, name: "RvslInd")
        case .accountServicerReference: draft!.set(\.accountServicerReference, value, name: "AcctSvcrRef")
        case .entryReference: draft!.set(\.entryReference, value, name: "NtryRef")
        case .endToEndID: draft!.transactions[last].endToEndID = value
        case .unstructured: draft!.transactions[last].unstructured.append(value)
        case .creditorReference: draft!.transactions[last].creditorReferences.append(value)
        case .transactionAmount: draft!.transactions[last].amount = .init(text: value, currency: currency)
        case .transactionAmountDetail:
            draft!.transactions[last].transactionAmount = .init(text: value, currency: currency)
        case .transactionDirection: draft!.transactions[last].direction = value
        case .relatedDate: draft!.transactions[last].relatedDates.append(value)
        default: break
        }
    }

    /// IBANs (and other account ids) upper-cased without white space, as the tenants' `ibans` are.
    static func normalisedAccount(_ raw: String) -> String {
        String(
            decoding: raw.utf8.compactMap { c -> UInt8? in
                switch c {
                case 0x20, 0x09, 0x0A, 0x0D: nil
                case UInt8(ascii: "a")...UInt8(ascii: "z"): c - 0x20
                default: c
                }
            }, as: UTF8.self)
    }
}
