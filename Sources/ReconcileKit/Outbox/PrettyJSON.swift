/// Deterministic JSON for people: two-space indent, object keys sorted by their UTF-8 bytes at every
/// level (as ``CanonicalJSON``), the same string escapes, `[]`/`{}` for empty containers, and a
/// final newline. Equal values always give equal bytes.
enum PrettyJSON {
    static func write(_ value: JSONValue, indent: Int, to out: inout [UInt8]) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            out.append(UInt8(ascii: "["))
            for (i, e) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1, &out)
                write(e, indent: indent + 1, to: &out)
            }
            newline(indent, &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            out.append(UInt8(ascii: "{"))
            // Renderers build their objects in key order; sort only when they did not.
            let sorted = isSorted(members) ? members : members.sorted { precedes($0.key, $1.key) }
            for i in sorted.indices {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1, &out)
                CanonicalJSON.writeString(sorted[i].key, to: &out)
                out.append(UInt8(ascii: ":"))
                out.append(UInt8(ascii: " "))
                write(sorted[i].value, indent: indent + 1, to: &out)
            }
            newline(indent, &out)
            out.append(UInt8(ascii: "}"))
        default:
            CanonicalJSON.write(value, to: &out)
        }
    }

    private static func newline(_ indent: Int, _ out: inout [UInt8]) {
        out.append(0x0a)
        for _ in 0..<(indent * 2) { out.append(UInt8(ascii: " ")) }
    }

    private static func precedes(_ a: String, _ b: String) -> Bool { a.utf8Precedes(b) }

    /// Strictly ascending by UTF-8 bytes (duplicate keys take the sorting path, as before).
    private static func isSorted(_ members: [JSONMember]) -> Bool {
        var i = members.startIndex + 1
        while i < members.endIndex {
            if !precedes(members[i - 1].key, members[i].key) { return false }
            i += 1
        }
        return true
    }
}
