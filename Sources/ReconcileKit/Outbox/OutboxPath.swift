/// A name taken from data (a tenant id, a run id, a month) that is about to become one component
/// of a path inside the outbox. Validation keeps every write inside the outbox folder.
enum OutboxPath {
    enum Problem: String, Sendable, Equatable {
        case empty = "is empty"
        case containsSlash = "contains \"/\""
        case containsBackslash = "contains \"\\\""
        case containsNUL = "contains a NUL byte"
        case containsControl = "contains a control character"
        case leadingDot = "starts with \".\""
        case tooLong = "is longer than 200 bytes"
        case reserved = "is a reserved name"
        case notAMonth = "is not a YYYY-MM month"
    }

    /// Why `component` may not be a path component, or nil when it may. Refused: empty names, `/`,
    /// `\`, NUL and other control characters, a leading `.` (hidden files, `.` and `..`), more
    /// than 200 UTF-8 bytes (room for an extension under the usual 255-byte limit), and the
    /// names in `reserved`.
    static func problem(with component: String, reserved: Set<String> = []) -> Problem? {
        let bytes = Array(component.utf8)
        if bytes.isEmpty { return .empty }
        if bytes.contains(0) { return .containsNUL }
        if bytes.contains(UInt8(ascii: "/")) { return .containsSlash }
        if bytes.contains(UInt8(ascii: "\\")) { return .containsBackslash }
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7f }) { return .containsControl }
        if bytes[0] == UInt8(ascii: ".") { return .leadingDot }
        if bytes.count > 200 { return .tooLong }
        if reserved.contains(component) { return .reserved }
        return nil
    }

    /// Whether `text` is a calendar month `YYYY-MM` (month 01–12).
    static func isMonth(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count == 7, b[4] == UInt8(ascii: "-") else { return false }
        for i in [0, 1, 2, 3, 5, 6] where !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[i]) { return false }
        let month = Int(b[5] - 48) * 10 + Int(b[6] - 48)
        return (1...12).contains(month)
    }
}
