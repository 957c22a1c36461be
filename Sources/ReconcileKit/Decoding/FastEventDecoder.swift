/// The byte-level path for provider events: one event object tokenised into a ``JSONTape`` and its
/// canonical bytes written straight from the input, without a ``JSONValue`` tree or `String`s for
/// every member. It gives exactly what ``JSONParser`` followed by ``EventDecoder/decode(_:at:)``
/// gives (canonical bytes, key, time, ``ProviderEvent``) or `nil` — on anything unusual or wrong —
/// and the caller takes the slow path, which also words the errors.
enum FastEventDecoder {
    /// An NDJSON line holding one event (`object` must be `"event"`).
    static func decodeLine(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, at location: Location) -> Record? {
        guard let tape = JSONTape(bytes, maxDepth: maxDepth) else { return nil }
        return decode(tape, 0, requireEventObject: true, maxDepth: maxDepth, at: location)
    }

    /// Event `root` of `tape`. With `requireEventObject` (NDJSON lines, array elements) `object` must
    /// be `"event"`; without it (list pages) it may also be missing.
    static func decode(_ tape: JSONTape, _ root: Int, requireEventObject: Bool, maxDepth: Int, at location: Location)
        -> Record?
    {
        guard tape[root].kind == .object else { return nil }
        if let object = tape.member(root, "object") {
            guard tape.isPlainString(object, "event") else { return nil }
        } else if requireEventObject {
            return nil
        }
        guard let idIndex = tape.member(root, "id"), tape[idIndex].kind == .string,
            let typeIndex = tape.member(root, "type"), tape[typeIndex].kind == .string,
            let createdIndex = tape.member(root, "created"), let created = tape.int64(createdIndex),
            CalendarDate.writableUnixSeconds.contains(created),
            let data = tape.member(root, "data"), let dataObject = tape.member(data, "object"),
            tape[dataObject].kind == .object
        else { return nil }
        let id = tape.string(idIndex)
        let type = sharedType(tape, typeIndex) ?? tape.string(typeIndex)
        guard !id.isEmpty, !type.isEmpty else { return nil }
        for field in integerFields {
            guard let value = tape.member(dataObject, field) else { continue }
            guard tape[value].kind == .null || tape.int64(value) != nil else { return nil }
        }
        var livemode = false
        if let v = tape.member(root, "livemode"), tape[v].kind == .true { livemode = true }
        var tenant = TenantID.global
        let metadata = tape.member(dataObject, "metadata")
        if let metadata, let t = tape.member(metadata, "tenantId"), tape[t].kind == .string {
            let text = tape.string(t)
            if !text.isEmpty { tenant = TenantID(text) }
        }

        var out: [UInt8] = []
        out.reserveCapacity(Int(tape[dataObject].end - tape[dataObject].start) + 160)
        out.append(contentsOf: #"{"created":"#.utf8)
        CanonicalJSON.writeInt(created, to: &out)
        out.append(contentsOf: #","id":"#.utf8)
        CanonicalJSON.writeString(id, to: &out)
        out.append(contentsOf: #","kind":"event","livemode":"#.utf8)
        out.append(contentsOf: (livemode ? "true" : "false").utf8)
        out.append(contentsOf: #","object":"#.utf8)
        tape.writeCanonical(dataObject, to: &out)
        out.append(contentsOf: #","tenantId":"#.utf8)
        CanonicalJSON.writeString(tenant.rawValue, to: &out)
        out.append(contentsOf: #","type":"#.utf8)
        CanonicalJSON.writeString(type, to: &out)
        out.append(UInt8(ascii: "}"))

        guard let view = viewObject(tape, dataObject, metadata: metadata, type: type, maxDepth: maxDepth) else {
            return nil
        }
        let event = ProviderEvent(
            id: id, type: type, created: created, livemode: livemode, tenantID: tenant, object: view)
        return Record(
            key: RecordKey(kind: .event, tenantID: tenant, id: id), canonical: out, location: location, time: created,
            event: event)
    }

    /// ``EventDecoder/integerFields`` as static strings.
    private static let integerFields: [StaticString] = [
        "amount_total", "amount_subtotal", "amount", "amount_refunded", "amount_captured", "created",
    ]

    /// The members of `data.object` that ``ProviderEvent`` reads, as values it reads the same
    /// answers from (a member it would find no string or integer in becomes `null`).
    /// The common event types as literals: a million events, and their states in the ledger, then
    /// share one copy of "checkout.session.completed" instead of holding a heap string each. Strings of 15 bytes or fewer are stored inline anyway.
    static let sharedTypes: [(spelling: StaticString, type: String)] = [
        ("checkout.session.completed", "checkout.session.completed"),
        ("payment_intent.payment_failed", "payment_intent.payment_failed"),
        ("payment_intent.succeeded", "payment_intent.succeeded"),
        ("charge.refund.updated", "charge.refund.updated"),
    ]

    static func sharedType(_ tape: JSONTape, _ i: Int) -> String? {
        sharedTypes.first { tape.isPlainString(i, $0.spelling) }?.type
    }

    private static func viewObject(_ tape: JSONTape, _ object: Int, metadata: Int?, type: String, maxDepth: Int)
        -> JSONValue?
    {
        var members: [JSONMember] = []
        members.reserveCapacity(7)
        func string(_ i: Int) -> JSONValue { tape[i].kind == .string ? .string(tape.string(i)) : .null }
        if let v = tape.member(object, "id") { members.append(JSONMember("id", string(v))) }
        if let v = tape.member(object, "currency") { members.append(JSONMember("currency", string(v))) }
        for (key, name) in [
            ("amount_total", "amount_total" as StaticString), ("amount", "amount"),
            ("amount_refunded", "amount_refunded"),
        ] {
            if let v = tape.member(object, name) {
                members.append(JSONMember(key, tape.int64(v).map(JSONValue.int) ?? .null))
            }
        }
        if let v = tape.member(object, "payment_intent") {
            if tape[v].kind == .object {
                let id = tape.member(v, "id").map(string) ?? .null
                members.append(JSONMember("payment_intent", .object([JSONMember("id", id)])))
            } else {
                members.append(JSONMember("payment_intent", string(v)))
            }
        }
        if let metadata, tape[metadata].kind == .object, ProviderEventType(type) == .checkoutSessionCompleted {
            members.append(JSONMember("metadata", metadataView(tape, metadata)))
        }
        return .object(members)
    }

    /// The metadata members ``CheckoutMetadata`` reads, straight from the tape: a string as its
    /// text, null as null, any other value as `false` — read only as "there, and not a string".
    /// (Parsing the metadata slice again would cost the fast path much of its gain.)
    private static func metadataView(_ tape: JSONTape, _ metadata: Int) -> JSONValue {
        var members: [JSONMember] = []
        for (key, name) in metadataKeys {
            guard let v = tape.member(metadata, name) else { continue }
            switch tape[v].kind {
            case .string: members.append(JSONMember(key, .string(tape.string(v))))
            case .null: members.append(JSONMember(key, .null))
            default: members.append(JSONMember(key, .bool(false)))
            }
        }
        return .object(members)
    }

    private static let metadataKeys: [(String, StaticString)] = [
        ("tenantId", "tenantId"), ("eventDate", "eventDate"), ("email", "email"), ("coupleName", "coupleName"),
        ("packageId", "packageId"), ("tierId", "tierId"), ("addOnIds", "addOnIds"),
        ("commissionAmount", "commissionAmount"), ("commissionPercent", "commissionPercent"),
    ]
}
