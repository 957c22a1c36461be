/// A strict JSON parser over bytes (RFC 8259) with the defensive limits of SPEC §2: nesting depth,
/// valid UTF-8 and no lone surrogates, no duplicate keys. Numbers that are integers and fit 64 bits
/// become ``JSONValue/int(_:)``; others keep their exact text.
struct JSONParser {
    struct Failure: Error, Equatable, Sendable {
        /// Byte offset from the start of the parsed buffer.
        let offset: Int
        let reason: String
    }

    let maxDepth: Int

    init(maxDepth: Int = 64) {
        self.maxDepth = maxDepth
    }

    /// Parses exactly one JSON value; only whitespace may surround it.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSONValue {
        var cursor = Cursor(bytes: bytes, maxDepth: maxDepth)
        cursor.skipWhitespace()
        let value = try cursor.parseValue(depth: 1)
        cursor.skipWhitespace()
        if cursor.index < bytes.count {
            throw Failure(offset: cursor.index, reason: "expected end of JSON, found more data")
        }
        return value
    }

    /// Parses one JSON document and also reports where each element of the top-level array starts
    /// (under the key `""`) and where each element of an array member of the top-level object starts
    /// (under that member's key), so records in a list page or an export can be located by line.
    func parseDocument(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> (
        value: JSONValue, elementOffsets: [String: [Int]]
    ) {
        var cursor = Cursor(bytes: bytes, maxDepth: maxDepth)
        cursor.trackElements = true
        cursor.skipWhitespace()
        let value = try cursor.parseValue(depth: 1)
        cursor.skipWhitespace()
        if cursor.index < bytes.count {
            throw Failure(offset: cursor.index, reason: "expected end of JSON, found more data")
        }
        return (value, cursor.elementOffsets)
    }

    /// Parses the first JSON value and returns it with the offset just past it; data may follow.
    func parsePrefix(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> (value: JSONValue, end: Int) {
        var cursor = Cursor(bytes: bytes, maxDepth: maxDepth)
        cursor.skipWhitespace()
        let value = try cursor.parseValue(depth: 1)
        return (value, cursor.index)
    }

    func parse(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        let result: Result<JSONValue, Failure> = bytes.withUnsafeBufferPointer { buffer in
            do throws(Failure) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    func parse(_ bytes: ArraySlice<UInt8>) throws(Failure) -> JSONValue {
        let result: Result<JSONValue, Failure> = bytes.withUnsafeBufferPointer { buffer in
            do throws(Failure) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        if case .failure(let f) = result { throw Failure(offset: f.offset, reason: f.reason) }
        return try result.get()
    }
}

private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var index = 0
    var trackElements = false
    var topKey = ""
    var topLevelIsObject = false
    var elementOffsets: [String: [Int]] = [:]

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    typealias Failure = JSONParser.Failure

    func fail(_ reason: String, at offset: Int? = nil) -> Failure {
        Failure(offset: offset ?? index, reason: reason)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0a, 0x0d, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws(Failure) -> JSONValue {
        guard index < bytes.count else { throw fail("expected a JSON value, found end of data") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("expected a JSON value, found \(describe(bytes[index]))")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(Failure) {
        let start = index
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw fail("invalid literal", at: start) }
        let p = literal.utf8Start
        for i in 0..<count where bytes[index + i] != p[i] {
            throw fail("invalid literal", at: start)
        }
        index += count
    }

    mutating func parseObject(depth: Int) throws(Failure) -> JSONValue {
        guard depth <= maxDepth else { throw fail("JSON nested deeper than \(maxDepth) levels") }
        index += 1
        if depth == 1 { topLevelIsObject = true }
        var members: [JSONMember] = []
        // Small objects check duplicates by scanning their members; a set only past 16 keys.
        var seen = Set<String>()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw fail("expected a string key in object")
            }
            let keyStart = index
            let key = try parseString()
            let duplicate: Bool
            if members.count < 16 {
                duplicate = members.contains { $0.key == key }
            } else {
                if seen.isEmpty { for m in members { seen.insert(m.key) } }
                duplicate = !seen.insert(key).inserted
            }
            if duplicate {
                throw fail("duplicate key in object", at: keyStart)
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw fail("expected ':' after object key")
            }
            index += 1
            skipWhitespace()
            if trackElements && depth == 1 { topKey = key }
            let value = try parseValue(depth: depth + 1)
            members.append(JSONMember(key, value))
            skipWhitespace()
            guard index < bytes.count else { throw fail("unterminated object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            throw fail("expected ',' or '}' in object")
        }
    }

    mutating func parseArray(depth: Int) throws(Failure) -> JSONValue {
        guard depth <= maxDepth else { throw fail("JSON nested deeper than \(maxDepth) levels") }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        let track = trackElements && (depth == 1 || (depth == 2 && topLevelIsObject))
        let arrayKey = depth == 1 ? "" : topKey
        while true {
            skipWhitespace()
            if track { elementOffsets[arrayKey, default: []].append(index) }
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw fail("unterminated array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            throw fail("expected ',' or ']' in array")
        }
    }

    mutating func parseNumber() throws(Failure) -> JSONValue {
        let start = index
        guard let (end, integral) = JSONTape.scanNumber(bytes, from: start) else {
            throw fail("invalid number", at: start)
        }
        index = end
        let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if integral, let value = JSONTape.parseInt64(text) { return .int(value) }
        return .number(String(decoding: text, as: UTF8.self))
    }

    mutating func parseString() throws(Failure) -> String {
        let start = index
        index += 1
        // Fast path: no escapes.
        var scan = index
        while scan < bytes.count {
            let c = bytes[scan]
            if c == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[index..<scan])
                guard let s = validatedString(raw) else { throw fail("invalid UTF-8 in string", at: start) }
                index = scan + 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw fail("control character in string", at: scan) }
            scan += 1
        }
        var out = [UInt8]()
        out.reserveCapacity(scan - index + 16)
        while true {
            guard index < bytes.count else { throw fail("unterminated string", at: start) }
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                index += 1
                break
            }
            if c < 0x20 { throw fail("control character in string") }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { throw fail("unterminated string", at: start) }
            let e = bytes[index]
            index += 1
            if let byte = JSONEscape.byte(escaped: e) {
                out.append(byte)
                continue
            }
            switch e {
            case UInt8(ascii: "u"):
                let escapeStart = index - 2
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else {
                        throw fail("lone surrogate in string", at: escapeStart)
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw fail("lone surrogate in string", at: escapeStart)
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw fail("lone surrogate in string", at: escapeStart)
                }
                appendUTF8(Unicode.Scalar(scalar)!, to: &out)
            default:
                throw fail("invalid escape in string", at: index - 2)
            }
        }
        let result: String? = out.withUnsafeBufferPointer { validatedString($0) }
        guard let s = result else { throw fail("invalid UTF-8 in string", at: start) }
        return s
    }

    mutating func hex4() throws(Failure) -> UInt32 {
        guard bytes.count - index >= 4 else { throw fail("invalid \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let d = JSONEscape.hexDigit(bytes[index]) else { throw fail("invalid \\u escape") }
            v = v << 4 | d
            index += 1
        }
        return v
    }

    func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7f { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16)
    }
}

/// Decodes UTF-8, refusing invalid sequences instead of repairing them.
func validatedString(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
    var ascii = true
    for b in raw where b >= 0x80 {
        ascii = false
        break
    }
    if ascii { return String(decoding: raw, as: UTF8.self) }
    var decoder = UTF8()
    var iterator = raw.makeIterator()
    loop: while true {
        switch decoder.decode(&iterator) {
        case .scalarValue: continue
        case .emptyInput: break loop
        case .error: return nil
        }
    }
    return String(decoding: raw, as: UTF8.self)
}

func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
    UTF8.encode(scalar) { out.append($0) }
}
