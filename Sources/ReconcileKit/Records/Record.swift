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
    /// The value `canonical` parses back to, when the decoder already had it (events), so the run
    /// need not parse the canonical bytes again; nil otherwise.
    public internal(set) var canonicalValue: JSONValue?

    public init(key: RecordKey, canonical: [UInt8], location: Location, time: Int64, canonicalValue: JSONValue? = nil) {
        self.key = key
        self.canonical = canonical
        self.objectID = ObjectID(digestOf: canonical)
        self.location = location
        self.time = time
        self.canonicalValue = canonicalValue
    }

    /// The canonical value: the one the decoder kept, else the canonical bytes parsed again.
    public func parsedCanonical() throws(JSONParser.Failure) -> JSONValue {
        if let canonicalValue { return canonicalValue }
        return try JSONParser().parse(canonical)
    }
}
