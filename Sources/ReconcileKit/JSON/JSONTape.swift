import Glibc

/// One JSON value tokenised into a flat tape of byte ranges: no `String`s, no ``JSONValue`` tree.
/// It accepts only what ``JSONParser`` accepts (UTF-8, no control characters in strings, escapes
/// and surrogate pairs, the number grammar, nesting depth, no duplicate keys) and refuses a little
/// more: keys with a backslash or a non-ASCII byte (``JSONParser`` compares keys as `String`s, so
/// `"\u0061"` and `"a"`, or two canonically equivalent spellings, are the same key there; with plain
/// ASCII keys, equal bytes and equal `String`s are the same thing). Any refusal is `nil`, without a
/// reason: the caller parses again with ``JSONParser`` to get the exact error.
///
/// Entries are in document order. An object's entry is followed by its members, each a key entry
/// then the value's entries; an array's by its elements. Each object also lists its keys sorted by
/// their bytes (the canonical order), which is how duplicates are found: equal neighbours.
struct JSONTape {
    enum Kind: UInt8 {
        case object, array, string, number, `true`, `false`, null
    }

    struct Entry {
        var kind: Kind
        /// Strings: a backslash inside. Numbers: the text is an integer that fits 64 bits.
        var flag: Bool
        /// Strings: a byte ≥ 0x80 inside. Numbers: the text is `-0` (canonical `0`).
        var flag2: Bool = false
        /// The value's bytes are `start..<end`; a string's include its quotes.
        var start: Int32
        var end: Int32
        /// Containers: the index of the entry after the whole value.
        var next: Int32 = 0
        /// Containers: members or elements.
        var count: Int32 = 0
        /// Objects: where their sorted key indices start in `sortedKeys`.
        var keys: Int32 = 0
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var entries: [Entry] = []
    /// For each object, the tape indices of its key entries in canonical (byte) order.
    private(set) var sortedKeys: [Int32] = []

    /// Tokenises `bytes`, which must hold exactly one JSON value with only whitespace around it.
    /// `depth` is the nesting depth of that value in its document (1 for a whole line).
    init?(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, depth: Int = 1) {
        guard bytes.count < Int(Int32.max) else { return nil }
        self.bytes = bytes
        var scanner = Scanner(bytes: bytes, maxDepth: maxDepth)
        scanner.entries.reserveCapacity(bytes.count / 12 + 8)
        scanner.skipWhitespace()
        guard scanner.value(depth: depth) else { return nil }
        scanner.skipWhitespace()
        guard scanner.index == bytes.count else { return nil }
        entries = scanner.entries
        sortedKeys = scanner.sortedKeys
    }

    subscript(_ i: Int) -> Entry { entries[i] }

    /// The entry after value `i` (and after all its contents).
    @inline(__always) func after(_ i: Int) -> Int {
        let e = entries[i]
        return e.kind == .object || e.kind == .array ? Int(e.next) : i + 1
    }

    /// The value of member `key` of object `object`, by key bytes.
    func member(_ object: Int, _ key: StaticString) -> Int? {
        let e = entries[object]
        guard e.kind == .object else { return nil }
        var k = object + 1
        for _ in 0..<e.count {
            if keyEquals(k, key) { return k + 1 }
            k = after(k + 1)
        }
        return nil
    }

    /// The elements of array `array`, as tape indices.
    func elements(_ array: Int) -> [Int] {
        let e = entries[array]
        var result: [Int] = []
        result.reserveCapacity(Int(e.count))
        var i = array + 1
        for _ in 0..<e.count {
            result.append(i)
            i = after(i)
        }
        return result
    }

    private func keyEquals(_ k: Int, _ key: StaticString) -> Bool {
        let e = entries[k]
        let length = Int(e.end - e.start) - 2
        guard length == key.utf8CodeUnitCount else { return false }
        return length == 0 || memcmp(bytes.baseAddress! + Int(e.start) + 1, key.utf8Start, length) == 0
    }

    /// Whether value `i` is a string spelled exactly `literal` (no escape).
    func isPlainString(_ i: Int, _ literal: StaticString) -> Bool {
        let e = entries[i]
        return e.kind == .string && !e.flag && keyEquals(i, literal)
    }

    /// The text of string `i`, escapes decoded.
    func string(_ i: Int) -> String {
        let e = entries[i]
        let raw = UnsafeBufferPointer(rebasing: bytes[Int(e.start) + 1..<Int(e.end) - 1])
        if !e.flag { return String(decoding: raw, as: UTF8.self) }
        var decoded: [UInt8] = []
        Self.unescape(raw, into: &decoded)
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Number `i` as a 64-bit integer, when its text is one.
    func int64(_ i: Int) -> Int64? {
        let e = entries[i]
        guard e.kind == .number, e.flag else { return nil }
        return Self.parseInt64(UnsafeBufferPointer(rebasing: bytes[Int(e.start)..<Int(e.end)]))
    }

    /// The bytes of value `i` as they appear in the input.
    func raw(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let e = entries[i]
        return UnsafeBufferPointer(rebasing: bytes[Int(e.start)..<Int(e.end)])
    }

    /// Appends value `i` as ``CanonicalJSON`` writes the ``JSONValue`` that ``JSONParser`` reads
    /// from the same bytes: keys in byte order, no whitespace, the same string escapes.
    func writeCanonical(_ i: Int, to out: inout [UInt8]) {
        let e = entries[i]
        switch e.kind {
        case .object:
            out.append(UInt8(ascii: "{"))
            let first = Int(e.keys)
            for n in 0..<Int(e.count) {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                let k = Int(sortedKeys[first + n])
                // Keys are plain ASCII without escapes or control characters: their bytes, quoted.
                out.append(contentsOf: raw(k))
                out.append(UInt8(ascii: ":"))
                writeCanonical(k + 1, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array:
            out.append(UInt8(ascii: "["))
            var element = i + 1
            for n in 0..<Int(e.count) {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                writeCanonical(element, to: &out)
                element = after(element)
            }
            out.append(UInt8(ascii: "]"))
        case .string:
            if !e.flag {
                // No backslash, no control character, no quote: CanonicalJSON copies it as it is.
                out.append(contentsOf: raw(i))
            } else {
                var decoded: [UInt8] = []
                Self.unescape(UnsafeBufferPointer(rebasing: bytes[Int(e.start) + 1..<Int(e.end) - 1]), into: &decoded)
                CanonicalJSON.writeEscaped(decoded, to: &out)
            }
        case .number:
            if e.flag2 { out.append(UInt8(ascii: "0")) } else { out.append(contentsOf: raw(i)) }
        case .true: out.append(contentsOf: "true".utf8)
        case .false: out.append(contentsOf: "false".utf8)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }

    /// Decodes the escapes of a string the scanner accepted (so every escape is well formed).
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let c = raw[i]
            if c != UInt8(ascii: "\\") {
                out.append(c)
                i += 1
                continue
            }
            let e = raw[i + 1]
            i += 2
            if let byte = JSONEscape.byte(escaped: e) {
                out.append(byte)
                continue
            }
            var scalar = hex4(raw, i)!  // the scanner accepted it: `\u` and four hex digits
            i += 4
            if (0xD800...0xDBFF).contains(scalar) {
                let low = hex4(raw, i + 2)!
                i += 6
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            UTF8.encode(Unicode.Scalar(scalar)!) { out.append($0) }
        }
    }

    static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32? {
        guard at >= 0, bytes.count - at >= 4 else { return nil }
        var v: UInt32 = 0
        for n in at..<at + 4 {
            guard let d = JSONEscape.hexDigit(bytes[n]) else { return nil }
            v = v << 4 | d
        }
        return v
    }

    /// The end of the JSON number that starts at `start` (RFC 8259 grammar) and whether it is an
    /// integer (no fraction, no exponent); nil when the bytes there are not a number. Shared with
    /// ``JSONParser``, so both readers accept exactly the same numbers.
    static func scanNumber(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, integral: Bool)? {
        var index = start
        func digits() -> Bool {
            guard index < bytes.count, isDigit(bytes[index]) else { return false }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            return true
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if !digits() {
            return nil
        }
        var integral = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard digits() else { return nil }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() else { return nil }
        }
        return (index, integral)
    }

    /// The integer a JSON integer token spells, nil past Int64 (shared with ``JSONParser``).
    static func parseInt64(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        var negative = false
        var i = 0
        if text[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        }
        var value: Int64 = 0
        while i < text.count {
            let d = Int64(text[i] &- UInt8(ascii: "0"))
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            value = s
            i += 1
        }
        return value
    }
}

/// The tokeniser: recursive descent over the bytes, mirroring ``JSONParser``'s grammar.
private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var index = 0
    var entries: [JSONTape.Entry] = []
    var sortedKeys: [Int32] = []
    /// Key indices of the objects being read, innermost last.
    var openKeys: [Int32] = []

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    @inline(__always) mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0a, 0x0d, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""): return string(isKey: false)
        case UInt8(ascii: "t"): return literal("true", .true)
        case UInt8(ascii: "f"): return literal("false", .false)
        case UInt8(ascii: "n"): return literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
        default: return false
        }
    }

    mutating func literal(_ text: StaticString, _ kind: JSONTape.Kind) -> Bool {
        let count = text.utf8CodeUnitCount
        guard bytes.count - index >= count, memcmp(bytes.baseAddress! + index, text.utf8Start, count) == 0 else {
            return false
        }
        entries.append(JSONTape.Entry(kind: kind, flag: false, start: Int32(index), end: Int32(index + count)))
        index += count
        return true
    }

    mutating func object(depth: Int) -> Bool {
        guard depth <= maxDepth else { return false }
        let me = entries.count
        entries.append(JSONTape.Entry(kind: .object, flag: false, start: Int32(index), end: 0))
        index += 1
        let openBase = openKeys.count
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return close(me, openBase: openBase)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return false }
            openKeys.append(Int32(entries.count))
            guard string(isKey: true) else { return false }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
            index += 1
            skipWhitespace()
            guard value(depth: depth + 1) else { return false }
            skipWhitespace()
            guard index < bytes.count else { return false }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return close(me, openBase: openBase)
            }
            return false
        }
    }

    /// Ends object `me`: sorts its keys by their bytes and refuses equal neighbours.
    mutating func close(_ me: Int, openBase: Int) -> Bool {
        let count = openKeys.count - openBase
        if count > 1 {
            // Insertion sort: objects are small and often already nearly sorted.
            for n in openBase + 1..<openKeys.count {
                let k = openKeys[n]
                var m = n
                while m > openBase, compareKeys(k, openKeys[m - 1]) < 0 {
                    openKeys[m] = openKeys[m - 1]
                    m -= 1
                }
                openKeys[m] = k
            }
            for n in openBase + 1..<openKeys.count where compareKeys(openKeys[n - 1], openKeys[n]) == 0 { return false }
        }
        let first = sortedKeys.count
        sortedKeys.append(contentsOf: openKeys[openBase...])
        openKeys.removeSubrange(openBase...)
        entries[me].end = Int32(index)
        entries[me].next = Int32(entries.count)
        entries[me].count = Int32(count)
        entries[me].keys = Int32(first)
        return true
    }

    /// Orders two key entries by the bytes between their quotes.
    func compareKeys(_ a: Int32, _ b: Int32) -> Int {
        let x = entries[Int(a)]
        let y = entries[Int(b)]
        let xs = Int(x.start) + 1
        let xn = Int(x.end) - Int(x.start) - 2
        let ys = Int(y.start) + 1
        let yn = Int(y.end) - Int(y.start) - 2
        let common = min(xn, yn)
        if common > 0 {
            let c = memcmp(bytes.baseAddress! + xs, bytes.baseAddress! + ys, common)
            if c != 0 { return Int(c) }
        }
        return xn - yn
    }

    mutating func array(depth: Int) -> Bool {
        guard depth <= maxDepth else { return false }
        let me = entries.count
        entries.append(JSONTape.Entry(kind: .array, flag: false, start: Int32(index), end: 0))
        index += 1
        var count: Int32 = 0
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
        } else {
            while true {
                skipWhitespace()
                guard value(depth: depth + 1) else { return false }
                count += 1
                skipWhitespace()
                guard index < bytes.count else { return false }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    break
                }
                return false
            }
        }
        entries[me].end = Int32(index)
        entries[me].next = Int32(entries.count)
        entries[me].count = count
        return true
    }

    mutating func number() -> Bool {
        let start = index
        guard let (end, integral) = JSONTape.scanNumber(bytes, from: start) else { return false }
        index = end
        let length = index - start
        // 18 digits always fit 64 bits; longer integers are checked.
        let fits =
            integral
            && (length <= 18 || JSONTape.parseInt64(UnsafeBufferPointer(rebasing: bytes[start..<index])) != nil)
        let negativeZero = length == 2 && bytes[start] == UInt8(ascii: "-") && bytes[start + 1] == UInt8(ascii: "0")
        entries.append(
            JSONTape.Entry(kind: .number, flag: fits, flag2: negativeZero, start: Int32(start), end: Int32(index)))
        return true
    }

    /// A string from its opening quote. Keys must be plain ASCII (see ``JSONTape``).
    mutating func string(isKey: Bool) -> Bool {
        let start = index
        index += 1
        var escaped = false
        var nonASCII = false
        while true {
            guard index < bytes.count else { return false }
            let c = bytes[index]
            if c == UInt8(ascii: "\"") { break }
            if c < 0x20 { return false }
            if c >= 0x80 {
                nonASCII = true
                index += 1
                continue
            }
            if c != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            escaped = true
            guard index + 1 < bytes.count else { return false }
            let e = bytes[index + 1]
            index += 2
            if JSONEscape.byte(escaped: e) != nil { continue }
            switch e {
            case UInt8(ascii: "u"):
                guard let scalar = JSONTape.hex4(bytes, index) else { return false }
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u"),
                        let low = JSONTape.hex4(bytes, index + 2), (0xDC00...0xDFFF).contains(low)
                    else { return false }
                    index += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    return false
                }
            default:
                return false
            }
        }
        index += 1
        if isKey && (escaped || nonASCII) { return false }
        if nonASCII && !isValidUTF8(UnsafeBufferPointer(rebasing: bytes[start + 1..<index - 1])) { return false }
        entries.append(
            JSONTape.Entry(kind: .string, flag: escaped, flag2: nonASCII, start: Int32(start), end: Int32(index)))
        return true
    }
}

@inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

/// Well-formed UTF-8 (Unicode Table 3-7): no overlong forms, no surrogates, nothing past U+10FFFF.
/// Escapes are ASCII, so checking a string's raw bytes is the same as checking its decoded bytes.
private func isValidUTF8(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let n = s.count
    while i < n {
        let c = s[i]
        if c < 0x80 {
            i += 1
            continue
        }
        @inline(__always) func cont(_ j: Int) -> Bool { j < n && s[j] & 0xC0 == 0x80 }
        switch c {
        case 0xC2...0xDF:
            guard cont(i + 1) else { return false }
            i += 2
        case 0xE0...0xEF:
            guard i + 1 < n else { return false }
            let c1 = s[i + 1]
            let ok: Bool
            switch c {
            case 0xE0: ok = c1 >= 0xA0 && c1 <= 0xBF
            case 0xED: ok = c1 >= 0x80 && c1 <= 0x9F
            default: ok = c1 & 0xC0 == 0x80
            }
            guard ok, cont(i + 2) else { return false }
            i += 3
        case 0xF0...0xF4:
            guard i + 1 < n else { return false }
            let c1 = s[i + 1]
            let ok: Bool
            switch c {
            case 0xF0: ok = c1 >= 0x90 && c1 <= 0xBF
            case 0xF4: ok = c1 >= 0x80 && c1 <= 0x8F
            default: ok = c1 & 0xC0 == 0x80
            }
            guard ok, cont(i + 2), cont(i + 3) else { return false }
            i += 4
        default:
            return false
        }
    }
    return true
}
