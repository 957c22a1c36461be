/// What a worker made of one file of the night's listing (``NightWorker``), as its claim row keeps
/// it until the finish: the file's fate and, for a decoded file, its records and rejections. The
/// finisher admits these exactly as it would admit the file read there (``Ingestion/staged``).
///
/// A record keeps its key, canonical bytes, location and time; its object id is the hash of its
/// bytes again, and an event's view is read again from them (``Record/providerEvent()``).
enum StagedFile {
    /// The layout's version: a row written by another layout is refused, not misread.
    static let version = 1

    static func encode(_ result: Ingestion.FileResult) -> [UInt8] {
        var encoder = SpillEncoder()
        encoder.put(version)
        encoder.put(result.sha?.hex)
        switch result {
        case .seen:
            encoder.put("seen")
        case .bank:
            encoder.put("bank")
        case .failed(_, let failure):
            encoder.put("failed")
            put(failure, into: &encoder)
        case .decoded(_, let content):
            encoder.put("decoded")
            encoder.put(content.format.rawValue)
            encoder.put(content.gzip)
            encoder.put(content.source.rawValue)
            encoder.put(content.records.count)
            for record in content.records {
                put(record.key, into: &encoder)
                encoder.put(bytes: record.canonical)
                put(record.location, into: &encoder)
                encoder.put(record.time)
            }
            encoder.put(content.rejected.count)
            for rejected in content.rejected {
                put(rejected.location, into: &encoder)
                encoder.put(rejected.reason)
                encoder.put(rejected.raw != nil)
                if let raw = rejected.raw { encoder.put(bytes: raw) }
                encoder.put(rejected.key != nil)
                if let key = rejected.key { put(key, into: &encoder) }
            }
        }
        return encoder.bytes
    }

    /// Reads what ``encode(_:)`` wrote; nil when the bytes are of another layout.
    static func decode(_ bytes: [UInt8]) -> Ingestion.FileResult? {
        guard bytes.count >= 8 else { return nil }
        var decoder = SpillDecoder(bytes)
        guard decoder.int() == version else { return nil }
        let sha = decoder.optionalString().flatMap { ObjectID(hex: $0) }
        let result: Ingestion.FileResult
        switch decoder.string() {
        case "seen":
            result = .seen(sha: sha)
        case "bank":
            guard let sha else { return nil }
            result = .bank(sha: sha)
        case "failed":
            result = .failed(sha: sha, failure(from: &decoder))
        case "decoded":
            guard let sha, let format = ContentFormat(rawValue: decoder.string()) else { return nil }
            let gzip = decoder.bool()
            guard let source = SourceFormat(rawValue: decoder.string()) else { return nil }
            var content = DecodedContent(format: format, source: source)
            content.gzip = gzip
            let records = decoder.int()
            content.records.reserveCapacity(records)
            for _ in 0..<records {
                guard let key = key(from: &decoder) else { return nil }
                let canonical = decoder.byteArray()
                let location = location(from: &decoder)
                content.records.append(
                    Record(key: key, canonical: canonical, location: location, time: decoder.int64()))
            }
            for _ in 0..<decoder.int() {
                var rejected = RejectedRecord(location: location(from: &decoder), reason: decoder.string())
                if decoder.bool() { rejected.raw = decoder.byteArray() }
                if decoder.bool() {
                    guard let key = key(from: &decoder) else { return nil }
                    rejected.key = key
                }
                content.rejected.append(rejected)
            }
            result = .decoded(sha: sha, content: content)
        default:
            return nil
        }
        return decoder.isAtEnd ? result : nil
    }

    private static func put(_ key: RecordKey, into encoder: inout SpillEncoder) {
        encoder.put(key.kind.rawValue)
        encoder.put(key.tenantID.rawValue)
        encoder.put(key.id)
    }

    private static func key(from decoder: inout SpillDecoder) -> RecordKey? {
        guard let kind = RecordKind(rawValue: decoder.string()) else { return nil }
        return RecordKey(kind: kind, tenantID: TenantID(decoder.string()), id: decoder.string())
    }

    private static func put(_ location: Location, into encoder: inout SpillEncoder) {
        encoder.put(location.line)
        encoder.put(location.byteOffset)
    }

    private static func location(from decoder: inout SpillDecoder) -> Location {
        Location(line: decoder.optionalInt(), byteOffset: decoder.int())
    }

    private static func put(_ failure: DecodeFailure, into encoder: inout SpillEncoder) {
        encoder.put(failure.reason)
        encoder.put(failure.location != nil)
        if let location = failure.location { put(location, into: &encoder) }
    }

    private static func failure(from decoder: inout SpillDecoder) -> DecodeFailure {
        let reason = decoder.string()
        return DecodeFailure(reason, at: decoder.bool() ? location(from: &decoder) : nil)
    }
}
