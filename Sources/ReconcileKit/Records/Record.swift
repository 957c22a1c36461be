/// Where a record sits in its input file: a line for line-oriented or pretty input, and always a
/// byte offset into the (decompressed) content.
public struct Location: Hashable, Sendable, Codable, CustomStringConvertible {
    public var line: Int?
    public var byteOffset: Int

    public init(line: Int?, byteOffset: Int) {
        self.line = line
        self.byteOffset = byteOffset
    }

    public var description: String {
        if let line { return "line \(line)" }
        return "byte \(byteOffset)"
    }
}

/// How a record reached the inbox; list exports are the provider's backfill of missed webhooks.
public enum SourceFormat: String, Sendable, Codable, CaseIterable {
    case webhook          // a single event object or an NDJSON / array of events
    case listExport = "list_export"
    case platformExport = "platform_export"
    case bankReport = "bank_report"
}

/// One decoded record: its dedup key, its canonical bytes and their SHA-256.
public struct Record: Sendable {
    public let key: RecordKey
    public let canonical: [UInt8]
    public let objectID: ObjectID
    public let location: Location
    /// Events: `created`. Snapshots: `exportedAt`. Bank entries: booking date at 00:00 UTC. Unix seconds.
    public let time: Int64
    /// Events: the ledger's view of the event, read by the decoder from the same value the
    /// canonical bytes were written from, so the run need not parse them again; nil otherwise.
    public internal(set) var event: ProviderEvent?

    public init(key: RecordKey, canonical: [UInt8], location: Location, time: Int64, event: ProviderEvent? = nil) {
        self.key = key
        self.canonical = canonical
        self.objectID = ObjectID(digestOf: canonical)
        self.location = location
        self.time = time
        self.event = event
    }

    /// The canonical bytes parsed again.
    public func parsedCanonical() throws(JSONParser.Failure) -> JSONValue {
        try JSONParser().parse(canonical)
    }

    /// The event this record holds: the decoder's view, else its canonical bytes read again.
    public func providerEvent() throws -> ProviderEvent {
        if let event { return event }
        return try ProviderEvent(canonical: try parsedCanonical())
    }
}
