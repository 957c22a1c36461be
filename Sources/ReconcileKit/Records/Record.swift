/// Where a record sits in its input file: a line for line-oriented or pretty input, and always a
/// byte offset into the (decompressed) content.
struct Location: Hashable, Sendable, Codable, CustomStringConvertible {
    var line: Int?
    var byteOffset: Int

    init(line: Int?, byteOffset: Int) {
        self.line = line
        self.byteOffset = byteOffset
    }

    var description: String {
        if let line { return "line \(line)" }
        return "byte \(byteOffset)"
    }
}

/// How a record reached the inbox; list exports are the provider's backfill of missed webhooks.
enum SourceFormat: String, Sendable, Codable, CaseIterable {
    case webhook  // a single event object or an NDJSON / array of events
    case listExport = "list_export"
    case platformExport = "platform_export"
    case bankReport = "bank_report"
}

/// One decoded record: its dedup key, its canonical bytes and their SHA-256.
struct Record: Sendable {
    let key: RecordKey
    let canonical: [UInt8]
    let objectID: ObjectID
    let location: Location
    /// Events: `created`. Snapshots: `exportedAt`. Bank entries: booking date at 00:00 UTC. Unix seconds.
    let time: Int64
    /// Events: the ledger's view of the event, read by the decoder from the same value the
    /// canonical bytes were written from, so the run need not parse them again; nil otherwise.
    var event: ProviderEvent?

    init(key: RecordKey, canonical: [UInt8], location: Location, time: Int64, event: ProviderEvent? = nil) {
        self.key = key
        self.canonical = canonical
        self.objectID = ObjectID(digestOf: canonical)
        self.location = location
        self.time = time
        self.event = event
    }

    /// The canonical bytes parsed again.
    func parsedCanonical() throws(JSONParser.Failure) -> JSONValue {
        try JSONParser().parse(canonical)
    }

    /// The event this record holds: the decoder's view, else its canonical bytes read again.
    func providerEvent() throws -> ProviderEvent {
        if let event { return event }
        return try ProviderEvent(canonical: try parsedCanonical())
    }
}
