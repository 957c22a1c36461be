/// The walk over one document's nodes: tracks the element path by local name, collects the texts
/// of the fields that matter into a ``CamtEntryDraft`` per `Ntry`, and builds records at `</Ntry>`.
struct CamtWalk {
    private enum Field {
        case iban, otherAccountID
        case amount, direction, status, bookingDate, bookingDateTime, valueDate, valueDateTime
        case accountServicerReference, entryReference
        case endToEndID, unstructured, creditorReference, transactionAmount, transactionAmountDetail
    }

    /// Element paths, relative to the account element (`Stmt` …), its `Ntry`, or a `TxDtls`.
    private enum Paths {
        static let iban = ["Acct", "Id", "IBAN"]
        static let otherAccountID = ["Acct", "Id", "Othr", "Id"]
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

    let limits: CamtReader.Limits
    private var path: [String] = []
    private var rootClosed = false
    private var documentNamespace = ""
    private var message: CamtMessage?
    private var accountIBAN: String?
    private var accountOther: String?
    private var draft: CamtEntryDraft?
    private var capture: (field: Field, depth: Int, currency: String?)?
    private var text: [UInt8] = []
    private var records: [Record] = []
    private var rejected: [CamtIssue] = []
    private var skipped: [CamtIssue] = []

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
        return CamtReport(message: message, records: records, rejected: rejected, skipped: skipped)
    }

    /// The next node; a document that ends with elements still open is reported as truncated.
    private func next(_ stream: XMLEventStream) throws(CamtError) -> XMLEventStream.Event? {
        do {
            return try stream.next()
        } catch {
            guard error.code == .malformedXML, stream.failedAtEndOfInput, !rootClosed else { throw error }
            throw CamtError(code: .malformedXML, line: error.line, column: error.column,
                            reason: "document ends before its elements are closed (truncated file)")
        }
    }

    private mutating func start(_ name: String, _ stream: XMLEventStream) throws(CamtError) {
        switch path.count {
        case 0:
            let namespace = stream.namespaceURI
            guard name == "Document", namespace.isEmpty || CamtDetector.message(namespaceURI: namespace) != nil else {
                throw CamtError.notCamt(line: stream.elementLine, column: 0)
            }
            documentNamespace = namespace
        case 1 where message == nil:
            guard let found = CamtDetector.classify(documentNamespace: documentNamespace, messageElement: name) else {
                throw CamtError.notCamt(line: stream.elementLine, column: 0)
            }
            message = found
        default:
            break
        }
        guard path.count < limits.maxDepth else {
            throw CamtError(code: .limitExceeded, line: stream.elementLine, column: 0,
                            reason: "elements nest deeper than \(limits.maxDepth)")
        }
        path.append(name)
        guard let message, path.count >= 3, path[1] == message.type.messageElement,
              path[2] == message.type.accountElement else { return }
        let rel = path[3...]
        if rel.isEmpty {
            accountIBAN = nil
            accountOther = nil
            return
        }
        guard draft != nil else {
            if rel.elementsEqual(Paths.iban) { begin(.iban) }
            else if rel.elementsEqual(Paths.otherAccountID) { begin(.otherAccountID) }
            else if rel.count == 1 && rel.first == "Ntry" {
                let exact = stream.exactLine
                draft = CamtEntryDraft(location: Location(line: exact ?? stream.parserLine, byteOffset: stream.byteOffset))
                draft!.lineIsProvisional = exact == nil
            }
            return
        }
        let e = path[4...]
        switch e.count {
        case 1:
            switch e.first! {
            case "Amt": begin(.amount, currency: stream.attribute("Ccy"))
            case "CdtDbtInd": begin(.direction)
            case "Sts": begin(.status)
            case "AcctSvcrRef": begin(.accountServicerReference)
            case "NtryRef": begin(.entryReference)
            default: break
            }
        case 2:
            if e.elementsEqual(Paths.statusCode) || e.elementsEqual(Paths.statusProprietary) { begin(.status) }
            else if e.elementsEqual(Paths.bookingDate) { begin(.bookingDate) }
            else if e.elementsEqual(Paths.bookingDateTime) { begin(.bookingDateTime) }
            else if e.elementsEqual(Paths.valueDate) { begin(.valueDate) }
            else if e.elementsEqual(Paths.valueDateTime) { begin(.valueDateTime) }
            else if e.elementsEqual(Paths.transaction) {
                draft!.transactions.append(CamtEntryDraft.Transaction())
                draft!.size += 64
            }
        default:
            guard e.count > 2, e.prefix(2).elementsEqual(Paths.transaction), !draft!.transactions.isEmpty else { return }
            let t = e.dropFirst(2)
            if t.elementsEqual(Paths.endToEndID) { begin(.endToEndID) }
            else if t.elementsEqual(Paths.unstructured) { begin(.unstructured) }
            else if t.elementsEqual(Paths.creditorReference) { begin(.creditorReference) }
            else if t.count == 1 && t.first == "Amt" { begin(.transactionAmount, currency: stream.attribute("Ccy")) }
            else if t.elementsEqual(Paths.transactionAmount) { begin(.transactionAmountDetail, currency: stream.attribute("Ccy")) }
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
        if path.count == 4, let entry = draft {
            draft = nil
            var complete = entry
            complete.iban = (accountIBAN ?? accountOther).map(Self.normalisedAccount)
            switch CamtEntryBuilder.build(complete, tenantFor: ibanToTenant) {
            case .records(let built): records.append(contentsOf: built)
            case .rejected(let reason): rejected.append(CamtIssue(location: entry.location, reason: reason))
            case .skipped(let reason): skipped.append(CamtIssue(location: entry.location, reason: reason))
            }
        }
    }

    private mutating func commit(_ field: Field, _ value: String, currency: String?) {
        switch field {
        case .iban: accountIBAN = value
        case .otherAccountID: accountOther = value
        default: break
        }
        guard draft != nil else { return }
        draft!.size += value.utf8.count
        let last = draft!.transactions.count - 1
        switch field {
        case .iban, .otherAccountID: break
        case .amount:
            if draft!.amount != nil, draft!.problem == nil { draft!.problem = "entry has more than one Amt" }
            draft!.amount = .init(text: value, currency: currency)
        case .direction: draft!.set(\.direction, value, name: "CdtDbtInd")
        case .status: draft!.set(\.status, value, name: "Sts")
        case .bookingDate: draft!.set(\.bookingDate, value, name: "BookgDt")
        case .bookingDateTime: draft!.set(\.bookingDateTime, value, name: "BookgDt")
        case .valueDate: draft!.set(\.valueDate, value, name: "ValDt")
        case .valueDateTime: draft!.set(\.valueDateTime, value, name: "ValDt")
        case .accountServicerReference: draft!.set(\.accountServicerReference, value, name: "AcctSvcrRef")
        case .entryReference: draft!.set(\.entryReference, value, name: "NtryRef")
        case .endToEndID: draft!.transactions[last].endToEndID = value
        case .unstructured: draft!.transactions[last].unstructured.append(value)
        case .creditorReference: draft!.transactions[last].creditorReferences.append(value)
        case .transactionAmount: draft!.transactions[last].amount = .init(text: value, currency: currency)
        case .transactionAmountDetail: draft!.transactions[last].transactionAmount = .init(text: value, currency: currency)
        }
    }

    /// IBANs (and other account ids) upper-cased without white space, as the tenants' `ibans` are.
    static func normalisedAccount(_ raw: String) -> String {
        String(decoding: raw.utf8.compactMap { c -> UInt8? in
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D: nil
            case UInt8(ascii: "a")...UInt8(ascii: "z"): c - 0x20
            default: c
            }
        }, as: UTF8.self)
    }
}
