/// A statement as a `bank_statement` record (docs/canonical-forms.md): stored like any record, so the
/// same statement delivered twice is a duplicate and its balance check lives on in every later run.
extension CamtStatement {
    var record: Record {
        func sum(_ s: Sum) -> JSONValue {
            .object([JSONMember("amount", .int(s.amount)), JSONMember("count", .int(Int64(s.count)))])
        }
        func balance(_ b: Balance) -> JSONValue {
            .object([
                JSONMember("amount", .int(b.amount)), JSONMember("currency", .string(b.currency)),
                JSONMember("type", .string(b.type)),
            ])
        }
        var members: [JSONMember] = [
            JSONMember("account", .string(account)),
            JSONMember("credits", sum(totals.credits)),
            JSONMember("debits", sum(totals.debits)),
            JSONMember("id", .string(identity)),
            JSONMember("kind", .string(RecordKind.bankStatement.rawValue)),
            JSONMember("message", .string(message.description)),
            JSONMember("notBooked", .int(Int64(totals.notBooked))),
            JSONMember("otherCurrency", .int(Int64(totals.otherCurrency))),
            JSONMember("rejected", .int(Int64(totals.rejected))),
            JSONMember("tenantId", .string(tenantID.rawValue)),
        ]
        if let currency = totals.currency { members.append(JSONMember("currency", .string(currency))) }
        if totals.overflowed { members.append(JSONMember("overflowed", .bool(true))) }
        if let statementID { members.append(JSONMember("statementId", .string(statementID))) }
        if let electronicSequence { members.append(JSONMember("electronicSequence", .string(electronicSequence))) }
        if let legalSequence { members.append(JSONMember("legalSequence", .string(legalSequence))) }
        if let opening { members.append(JSONMember("opening", balance(opening))) }
        if let closing { members.append(JSONMember("closing", balance(closing))) }
        if let unreadableBalance { members.append(JSONMember("unreadableBalance", .string(unreadableBalance))) }
        return Record(
            key: RecordKey(kind: .bankStatement, tenantID: tenantID, id: identity),
            canonical: CanonicalJSON.encode(.object(members)), location: location, time: 0)
    }

    /// Reads a stored `bank_statement` record back.
    init(canonical: JSONValue) throws(RecordViewError) {
        var r = try CanonicalReader(canonical, kind: .bankStatement)
        identity = try r.string("id")
        r.recordID = identity
        let text = try r.string("message")
        guard let message = CamtMessage(text) else {
            throw r.error("message", .invalid("is not a camt.05x message name"))
        }
        self.message = message
        tenantID = TenantID(try r.string("tenantId"))
        location = Location(line: nil, byteOffset: 0)
        account = try r.string("account")
        statementID = try r.optionalString("statementId")
        electronicSequence = try r.optionalString("electronicSequence")
        legalSequence = try r.optionalString("legalSequence")
        unreadableBalance = try r.optionalString("unreadableBalance")
        func sum(_ key: String) throws(RecordViewError) -> Sum {
            let inner = try CanonicalReader(try r.required(key), kind: .bankStatement)
            return Sum(count: Int(try inner.int("count")), amount: try inner.int("amount"))
        }
        func balance(_ key: String) throws(RecordViewError) -> Balance? {
            guard let v = canonical[key], !v.isNull else { return nil }
            let inner = try CanonicalReader(v, kind: .bankStatement)
            return Balance(
                type: try inner.string("type"), amount: try inner.int("amount"), currency: try inner.string("currency"))
        }
        var totals = Totals()
        totals.credits = try sum("credits")
        totals.debits = try sum("debits")
        totals.currency = try r.optionalString("currency")
        totals.otherCurrency = Int(try r.int("otherCurrency"))
        totals.notBooked = Int(try r.int("notBooked"))
        totals.rejected = Int(try r.int("rejected"))
        totals.overflowed = canonical["overflowed"]?.boolValue ?? false
        self.totals = totals
        opening = try balance("opening")
        closing = try balance("closing")
    }
}

extension CamtMessage {
    /// Parses ``description``: `camt.053.001.08`, or `camt.053` when the version is unknown.
    init?(_ text: String) {
        guard let type = CamtMessageType.allCases.first(where: { text.hasPrefix($0.rawValue) }) else { return nil }
        let rest = text.dropFirst(type.rawValue.count)
        if rest.isEmpty {
            self.init(type: type, version: nil)
            return
        }
        guard rest.hasPrefix(".001."), let version = Int(rest.dropFirst(5)) else { return nil }
        self.init(type: type, version: version)
    }
}
