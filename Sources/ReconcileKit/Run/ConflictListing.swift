/// A record that came back under a known key with other content (SPEC §3.2): the first stands.
/// Kept from ingestion so the report can list it with the money on both sides.
struct ConflictInput: Sendable, Equatable {
    let key: RecordKey
    /// Relative to the inbox.
    let path: String
    let location: Location
    /// The newcomer's amount and currency, when its kind carries one.
    let amount: Cents?
    let currency: String?
    /// The object the key holds: the stored record.
    let stored: ObjectID?
}

enum ConflictListing {
    /// The amount a record carries: a checkout's total, a refund's amount, a bank entry's amount.
    static func money(kind: RecordKind, canonical: JSONValue) -> (amount: Cents?, currency: String?) {
        switch kind {
        case .event:
            guard let e = try? ProviderEvent(canonical: canonical) else { return (nil, nil) }
            return (e.amountTotal ?? e.amountRefunded ?? e.amount, e.currency)
        case .bankEntry:
            guard let b = try? BankEntry(canonical: canonical) else { return (nil, nil) }
            return (b.amount, b.currency)
        default:
            return (nil, nil)
        }
    }

    /// The report's conflicts: each newcomer beside the stored record's amount, read back through
    /// `reader`; the object of a stored event that arrived earlier in this same run is the one
    /// `newEvents` names.
    static func conflicts(_ inputs: [ConflictInput], reader: ObjectReader, newEvents: [PendingEvent]) -> [RunReport
        .Conflict]
    {
        if inputs.isEmpty { return [] }
        let wanted = Set(inputs.filter { $0.key.kind == .event }.map(\.key))
        var sameRun: [RecordKey: ObjectID] = [:]
        for e in newEvents {
            let key = RecordKey(kind: .event, tenantID: e.order.tenantID, id: e.order.id)
            if wanted.contains(key), sameRun[key] == nil { sameRun[key] = e.object }
        }
        return inputs.map { c in
            var stored: (amount: Cents?, currency: String?) = (nil, nil)
            if let id = sameRun[c.key] ?? c.stored, let json = try? reader.json(id) {
                stored = money(kind: c.key.kind, canonical: json)
            }
            return RunReport.Conflict(
                kind: c.key.kind.rawValue, tenant: c.key.tenantID, id: c.key.id, file: c.path, location: c.location,
                currency: c.currency ?? stored.currency, storedAmountCents: stored.amount, newcomerAmountCents: c.amount
            )
        }
    }
}
