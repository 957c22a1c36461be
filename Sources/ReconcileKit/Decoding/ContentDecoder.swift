/// Detects the format of a file's bytes and decodes them into records (SPEC §2, §3). A failure of
/// the whole file throws (the file is quarantined); a bad record inside a good file is rejected alone.
struct ContentDecoder: Sendable {
    var limits: Limits
    /// The tenants whose accounts name a bank report's entries: a night's are known once every
    /// JSON file is admitted, so bank reports wait for them (``PlainContent/isBankReport``).
    var tenants: TenantDirectory

    init(limits: Limits = .standard, tenants: TenantDirectory = TenantDirectory(versions: [])) {
        self.limits = limits
        self.tenants = tenants
    }

    /// A file's content with its compression taken off: what the format is detected from.
    struct PlainContent: Sendable {
        let bytes: [UInt8]
        let gzip: Bool

        /// ISO 20022 XML, which is decoded only once the tenants are known.
        var isBankReport: Bool { ContentDecoder.firstSignificantByte(bytes) == UInt8(ascii: "<") }
    }

    /// Inflates gzip; a gzip inside a gzip is refused, as it would get a second, larger bomb
    /// allowance (64x of 1 GiB).
    func plain(_ raw: [UInt8]) throws(DecodeFailure) -> PlainContent {
        guard Gzip.isGzip(raw) else { return PlainContent(bytes: raw, gzip: false) }
        let inflated = try Gzip.decompress(raw, limits: limits)
        if Gzip.isGzip(inflated) {
            throw DecodeFailure("gzip inside gzip is not an input format", at: Location(line: nil, byteOffset: 0))
        }
        return PlainContent(bytes: inflated, gzip: true)
    }

    func decode(_ raw: [UInt8]) throws(DecodeFailure) -> DecodedContent {
        try decode(try plain(raw))
    }

    /// ``decode(_:)`` without ``FastEventDecoder``: every event through the general JSON parser.
    /// The fast path must give exactly what this gives; the tests compare the two.
    func decodeGeneral(_ raw: [UInt8]) throws(DecodeFailure) -> DecodedContent {
        try decode(try plain(raw), fastEvents: false)
    }

    func decode(_ content: PlainContent) throws(DecodeFailure) -> DecodedContent {
        try decode(content, fastEvents: true)
    }

    /// Events go through ``FastEventDecoder`` first when `fastEvents`, which only the tests turn off.
    private func decode(_ content: PlainContent, fastEvents: Bool) throws(DecodeFailure) -> DecodedContent {
        var decoded = try decodePlain(content.bytes, fastEvents: fastEvents)
        decoded.gzip = content.gzip
        return decoded
    }

    static func firstSignificantByte(_ bytes: [UInt8]) -> UInt8? {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[i]) { i += 1 }
        return i < bytes.count ? bytes[i] : nil
    }

    private func decodePlain(_ bytes: [UInt8], fastEvents: Bool) throws(DecodeFailure) -> DecodedContent {
        switch Self.firstSignificantByte(bytes) {
        case nil:
            throw DecodeFailure("file is empty")
        case UInt8(ascii: "<")?:
            return try decodeBankReport(bytes)
        case UInt8(ascii: "{")?, UInt8(ascii: "[")?:
            let result: Result<DecodedContent, DecodeFailure> = bytes.withUnsafeBufferPointer { buffer in
                let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
                do throws(DecodeFailure) {
                    return .success(
                        try decodeJSON(
                            UnsafeBufferPointer(rebasing: buffer[start...]), bomOffset: start, fastEvents: fastEvents))
                } catch { return .failure(error) }
            }
            return try result.get()
        default:
            throw DecodeFailure(
                "unrecognised content: expected gzip, JSON, NDJSON or ISO 20022 XML",
                at: Location(line: 1, byteOffset: 0))
        }
    }

    private func decodeJSON(_ bytes: UnsafeBufferPointer<UInt8>, bomOffset: Int, fastEvents: Bool) throws(DecodeFailure)
        -> DecodedContent
    {
        let lines = LineIndex(bytes)
        let parser = JSONParser(maxDepth: limits.maxDepth)
        let firstNewline = bytes.firstIndex(of: 0x0a)
        if fastEvents, var content = decodeEventDocument(bytes, lines: lines) {
            content.attachRawValues(bytes, parser: parser, maxRecordBytes: limits.maxRecordBytes)
            return content
        }
        let prefix: (value: JSONValue, end: Int)
        do {
            prefix = try parser.parsePrefix(bytes)
        } catch {
            // A broken first line followed by object lines is NDJSON with a bad record (a raw line
            // break inside a string breaks the line after it too).
            if let firstNewline, error.offset <= firstNewline, Self.hasObjectLine(bytes, after: firstNewline) {
                return try decodeNDJSON(bytes, parser: parser, fastEvents: fastEvents)
            }
            throw DecodeFailure("invalid JSON: \(error.reason)", at: lines.location(of: error.offset + bomOffset))
        }
        var rest = prefix.end
        while rest < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[rest]) { rest += 1 }
        if rest < bytes.count {
            return try decodeNDJSON(bytes, parser: parser, fastEvents: fastEvents)
        }
        if bytes.count > limits.maxRecordBytes, case .object = prefix.value, prefix.value["object"] == .string("event")
        {
            throw DecodeFailure(
                "record is larger than \(limits.maxRecordBytes) bytes", at: Location(line: 1, byteOffset: 0))
        }
        // A whole document: parse again with element offsets, to locate records by line.
        let document: (value: JSONValue, elementOffsets: [String: [Int]])
        do { document = try parser.parseDocument(bytes) } catch {
            throw DecodeFailure("invalid JSON: \(error.reason)", at: lines.location(of: error.offset + bomOffset))
        }
        var content = try decodeDocument(document.value, offsets: document.elementOffsets, lines: lines)
        content.attachRawValues(bytes, parser: parser, maxRecordBytes: limits.maxRecordBytes)
        return content
    }

    func decodeDocument(_ value: JSONValue, offsets: [String: [Int]], lines: LineIndex) throws(DecodeFailure)
        -> DecodedContent
    {
        let top = Location(line: 1, byteOffset: 0)
        func location(_ key: String, _ i: Int) -> Location {
            guard let list = offsets[key], i < list.count else { return top }
            return lines.location(of: list[i])
        }
        switch value {
        case .array(let elements):
            var content = DecodedContent(format: .eventArray, source: .webhook)
            for (i, element) in elements.enumerated() {
                addLine(element, to: &content, at: location("", i))
            }
            return content
        case .object:
            if let exportType = value["exportType"] {
                let kind: RecordKind
                switch exportType.stringValue {
                case "tenants": kind = .tenant
                case "bookings": kind = .booking
                default: throw DecodeFailure("`exportType` must be \"tenants\" or \"bookings\"", at: top)
                }
                let exportedAt = try ExportDecoder.exportedAt(value["exportedAt"], at: top)
                guard let records = value["records"]?.arrayValue else {
                    throw DecodeFailure("export has no `records` array", at: top)
                }
                var content = DecodedContent(
                    format: kind == .tenant ? .tenantsExport : .bookingsExport, source: .platformExport)
                for (i, element) in records.enumerated() {
                    let at = location("records", i)
                    content.add(
                        { () throws(DecodeFailure) in
                            try ExportDecoder.decode(element, kind: kind, exportedAt: exportedAt, at: at)
                        }, at: at, maxRecordBytes: limits.maxRecordBytes)
                }
                return content
            }
            if value["object"] == .string("list") {
                guard let data = value["data"]?.arrayValue else {
                    throw DecodeFailure("list page has no `data` array", at: top)
                }
                var content = DecodedContent(format: .listPage, source: .listExport)
                for (i, element) in data.enumerated() {
                    let at = location("data", i)
                    content.add(
                        { () throws(DecodeFailure) in try EventDecoder.decode(element, at: at) }, at: at,
                        maxRecordBytes: limits.maxRecordBytes)
                }
                return content
            }
            if value["object"] == .string("event") {
                var content = DecodedContent(format: .event, source: .webhook)
                content.add(
                    { () throws(DecodeFailure) in try EventDecoder.decode(value, at: top) }, at: top,
                    maxRecordBytes: limits.maxRecordBytes)
                return content
            }
            if value["object"] == .string("tenant") || value["object"] == .string("booking") {
                var content = DecodedContent(format: .ndjson, source: .platformExport)
                addLine(value, to: &content, at: top)
                return content
            }
            throw DecodeFailure(
                "unrecognised JSON: expected an event, an array of events, a list page or a platform export", at: top)
        default:
            throw DecodeFailure("unrecognised JSON: expected an object or an array, found \(value.typeName)", at: top)
        }
    }

    /// One NDJSON line or array element: an event, or an export line with its own `exportedAt`.
    func addLine(_ value: JSONValue, to content: inout DecodedContent, at location: Location) {
        let max = limits.maxRecordBytes
        switch value["object"]?.stringValue {
        case "event"?:
            content.add(
                { () throws(DecodeFailure) in try EventDecoder.decode(value, at: location) }, at: location,
                maxRecordBytes: max)
        case "tenant"?, "booking"?:
            let kind: RecordKind = value["object"] == .string("tenant") ? .tenant : .booking
            content.add(
                { () throws(DecodeFailure) in
                    let exportedAt = try ExportDecoder.exportedAt(value["exportedAt"], at: location)
                    return try ExportDecoder.decode(value, kind: kind, exportedAt: exportedAt, at: location)
                }, at: location, maxRecordBytes: max)
        default:
            content.rejected.append(
                RejectedRecord(
                    location: location, reason: "expected an object with `object` \"event\", \"tenant\" or \"booking\"")
            )
        }
    }

    private func decodeNDJSON(_ bytes: UnsafeBufferPointer<UInt8>, parser: JSONParser, fastEvents: Bool)
        throws(DecodeFailure) -> DecodedContent
    {
        var content = DecodedContent(format: .ndjson, source: .webhook)
        var sawEvent = false
        var sawExport = false
        var start = 0
        var line = 1
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0a { end += 1 }
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == 0x0d { lineEnd -= 1 }
            let location = Location(line: line, byteOffset: start)
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<lineEnd])
            let rejectedBefore = content.rejected.count
            if !slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                if slice.count > limits.maxRecordBytes {
                    content.rejected.append(
                        RejectedRecord(
                            location: location, reason: "record is larger than \(limits.maxRecordBytes) bytes"))
                } else if fastEvents,
                    let record = FastEventDecoder.decodeLine(slice, maxDepth: parser.maxDepth, at: location)
                {
                    sawEvent = true
                    content.add(
                        { () throws(DecodeFailure) in record }, at: location, maxRecordBytes: limits.maxRecordBytes)
                } else {
                    do {
                        let value = try parser.parse(slice)
                        if value["object"] == .string("event") { sawEvent = true } else { sawExport = true }
                        addLine(value, to: &content, at: location)
                    } catch {
                        content.rejected.append(
                            RejectedRecord(
                                location: location,
                                reason: "invalid JSON at column \(error.offset + 1): \(error.reason)"))
                    }
                }
            }
            if content.rejected.count > rejectedBefore, slice.count <= limits.maxRecordBytes {
                content.rejected[rejectedBefore].attach(raw: Array(slice), kind: nil, maxDepth: parser.maxDepth)
            }
            start = end + 1
            line += 1
        }
        if sawExport && !sawEvent { content.source = .platformExport }
        if content.records.isEmpty, !content.rejected.isEmpty {
            let first = content.rejected[0]
            throw DecodeFailure("no line of the file is a valid record; first: \(first.reason)", at: first.location)
        }
        return content
    }

    /// Whether a line after the one ending at `newline` starts with `{` (after blanks).
    static func hasObjectLine(_ bytes: UnsafeBufferPointer<UInt8>, after newline: Int) -> Bool {
        var i = newline + 1
        while i < bytes.count {
            while i < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[i]) { i += 1 }
            if i < bytes.count, bytes[i] == UInt8(ascii: "{") { return true }
            while i < bytes.count, bytes[i] != 0x0a { i += 1 }
        }
        return false
    }
}
