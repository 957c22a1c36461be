/// Turns a provider event envelope (SPEC §3.1) into its canonical record. The canonical event keeps
/// `id`, `type`, `created`, `livemode`, the tenant and the whole `data.object`, and leaves out what
/// differs between a webhook delivery and the provider's export of the same event.
enum EventDecoder {
    /// Fields of `data.object` that must be 64-bit integers (or null) when present.
    static let integerFields = [
        "amount_total", "amount_subtotal", "amount", "amount_refunded", "amount_captured", "created",
    ]

    static func decode(_ envelope: JSONValue, at location: Location) throws(DecodeFailure) -> Record {
        guard case .object = envelope else {
            throw DecodeFailure("expected an event object, found \(envelope.typeName)", at: location)
        }
        if let object = envelope["object"], object != .string("event") {
            throw DecodeFailure("expected `object` to be \"event\"", at: location)
        }
        guard let id = envelope["id"]?.stringValue, !id.isEmpty else {
            throw DecodeFailure("event has no string `id`", at: location)
        }
        guard let type = envelope["type"]?.stringValue, !type.isEmpty else {
            throw DecodeFailure("event has no string `type`", at: location)
        }
        guard let createdValue = envelope["created"] else {
            throw DecodeFailure("event has no `created`", at: location)
        }
        guard case .int(let created) = createdValue else {
            throw DecodeFailure(
                createdValue.typeName == "number"
                    ? "`created` does not fit a 64-bit integer" : "`created` must be an integer of unix seconds",
                at: location)
        }
        guard CalendarDate.writableUnixSeconds.contains(created) else {
            throw DecodeFailure("`created` is outside the years 0001 to 9999", at: location)
        }
        guard let dataObject = envelope["data"]?["object"], case .object = dataObject else {
            throw DecodeFailure("event has no `data.object` object", at: location)
        }
        for field in integerFields {
            guard let value = dataObject[field] else { continue }
            switch value {
            case .int, .null: continue
            case .number: throw DecodeFailure("`data.object.\(field)` does not fit a 64-bit integer", at: location)
            default:
                throw DecodeFailure("`data.object.\(field)` must be an integer, found \(value.typeName)", at: location)
            }
        }
        let livemode = envelope["livemode"]?.boolValue ?? false
        let tenant =
            dataObject["metadata"]?["tenantId"]?.stringValue.flatMap { $0.isEmpty ? nil : TenantID($0) } ?? .global
        let canonical: JSONValue = .object([
            "created": .int(created),
            "id": .string(id),
            "kind": .string(RecordKind.event.rawValue),
            "livemode": .bool(livemode),
            "object": dataObject,
            "tenantId": .string(tenant.rawValue),
            "type": .string(type),
        ])
        // The ledger's view is read here, on the decoding threads, so the tree can be dropped.
        let event = ProviderEvent(
            id: id, type: type, created: created, livemode: livemode, tenantID: tenant, object: dataObject)
        return Record(
            key: RecordKey(kind: .event, tenantID: tenant, id: id), canonical: CanonicalJSON.encode(canonical),
            location: location, time: created,
            event: event)
    }

}
