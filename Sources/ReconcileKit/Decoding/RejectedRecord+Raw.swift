extension RejectedRecord {
    /// Keeps `raw` and the key it names, if any.
    mutating func attach(raw: [UInt8], kind: RecordKind?, maxDepth: Int) {
        self.raw = raw
        key = Self.key(of: raw, kind: kind, maxDepth: maxDepth)
    }

    /// The key a rejected record's raw bytes name, read as the decoders read it (SPEC §3), when they
    /// are a JSON object with the key's members: an event's `id` and `data.object.metadata.tenantId`
    /// (`_global` without one), a tenant's `id`, a booking's `id` and `tenantId`. `kind` is the
    /// document's (an export's records carry no `object`); a record's own `object` overrides it.
    static func key(of raw: [UInt8], kind: RecordKind?, maxDepth: Int) -> RecordKey? {
        guard let value = try? JSONParser(maxDepth: maxDepth).parse(raw), case .object = value else { return nil }
        let named: RecordKind?
        switch value["object"]?.stringValue {
        case "event"?: named = .event
        case "tenant"?: named = .tenant
        case "booking"?: named = .booking
        default: named = kind
        }
        guard let named, let id = value["id"]?.stringValue, !id.isEmpty else { return nil }
        switch named {
        case .event:
            let tenant =
                value["data"]?["object"]?["metadata"]?["tenantId"]?.stringValue.flatMap {
                    $0.isEmpty ? nil : TenantID($0)
                } ?? .global
            return RecordKey(kind: .event, tenantID: tenant, id: id)
        case .tenant:
            return RecordKey(kind: .tenant, tenantID: TenantID(id), id: id)
        case .booking:
            guard let tenant = value["tenantId"]?.stringValue, !tenant.isEmpty else { return nil }
            return RecordKey(kind: .booking, tenantID: TenantID(tenant), id: id)
        default:
            return nil
        }
    }
}

extension DecodedContent {
    /// The kind of record a document holds when its records do not say (an export's records).
    var documentKind: RecordKind? {
        switch format {
        case .tenantsExport: .tenant
        case .bookingsExport: .booking
        case .event, .eventArray, .listPage: .event
        case .ndjson, .bankReport: nil
        }
    }

    /// Gives each rejected record of a JSON document its raw bytes: the JSON value that starts at
    /// its byte offset (the decoders locate a document's records at their first byte).
    mutating func attachRawValues(_ bytes: UnsafeBufferPointer<UInt8>, parser: JSONParser, maxRecordBytes: Int) {
        let kind = documentKind
        for i in rejected.indices {
            let start = rejected[i].location.byteOffset
            guard start >= 0, start < bytes.count,
                let end = try? parser.parsePrefix(UnsafeBufferPointer(rebasing: bytes[start...])).end,
                end <= maxRecordBytes
            else { continue }
            rejected[i].attach(raw: Array(bytes[start..<(start + end)]), kind: kind, maxDepth: parser.maxDepth)
        }
    }
}
