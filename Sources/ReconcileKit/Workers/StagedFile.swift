import CZlib

/// What a worker made of one file of the night's listing (``NightWorker``), as its claim row keeps
/// it until the finish: the file's fate and, for a decoded file, its records and rejections. The
/// finisher admits these exactly as it would admit the file read there (``Ingestion/staged``).
///
/// A record keeps its key, canonical bytes, location and time; its object id is the hash of its
/// bytes again, and an event's view is read again from them (``Record/providerEvent()``). The
/// bytes end with their CRC-32: a stored copy damaged anywhere is refused, not admitted as records
/// whose bytes nobody sent.
enum StagedFile {
    /// The layout's version: a row written by another layout is refused, not misread.
    static let version = 2

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
        return sealed(encoder.bytes)
    }

    /// `body` followed by its CRC-32, as ``decode(_:)`` checks it.
    static func sealed(_ body: [UInt8]) -> [UInt8] {
        var bytes = body
        withUnsafeBytes(of: checksum(body[...]).littleEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Reads what ``encode(_:)`` wrote; nil when the bytes are of another layout or damaged.
    static func decode(_ bytes: [UInt8]) -> Ingestion.FileResult? {
        guard bytes.count >= 12 else { return nil }
        let body = bytes[..<(bytes.count - 4)]
        var stored: UInt32 = 0
        withUnsafeMutableBytes(of: &stored) { $0.copyBytes(from: bytes[body.endIndex...]) }
        guard UInt32(littleEndian: stored) == checksum(body) else { return nil }
        // Read in place: the last 4 bytes, the checksum, are all that is left at the end.
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
            guard let records = decoder.count() else { return nil }
            content.records.reserveCapacity(records)
            for _ in 0..<records {
                guard !decoder.overran, let key = key(from: &decoder) else { return nil }
                let canonical = decoder.byteArray()
                let location = location(from: &decoder)
                content.records.append(
                    Record(key: key, canonical: canonical, location: location, time: decoder.int64()))
            }
            guard let rejections = decoder.count() else { return nil }
            for _ in 0..<rejections {
                guard !decoder.overran else { return nil }
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
        return !decoder.overran && decoder.remaining == 4 ? result : nil
    }

    /// zlib's CRC-32 of `bytes`, fed a gigabyte at a time (its length argument is 32 bits).
    private static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            var crc = CZlib.crc32(0, nil, 0)
            var start = 0
            repeat {
                let count = min(buffer.count - start, 1 << 30)
                crc = CZlib.crc32(crc, buffer.baseAddress.map { $0 + start }, uInt(count))
                start += count
            } while start < buffer.count
            return UInt32(truncatingIfNeeded: crc)
        }
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
