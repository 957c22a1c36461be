extension TenantID {
    /// Why a tenant id breaks the rule, worded to follow "tenant `id` …"; never quotes the id.
    enum Problem: String, Sendable, Equatable, CaseIterable {
        case empty = "is empty"
        case character = "has a character other than ASCII letters, digits, \".\", \"_\" and \"-\""
        case leadingDot = "starts with \".\""
        case tooLong = "is longer than 128 bytes"
        case reserved = "is \"index\" or \"summary\", the names of a month's own files in the outbox"
    }

    /// The longest tenant id, in bytes: with `.html` it stays far below the usual 255-byte file name.
    static let maxBytes = 128

    /// Names a tenant id may not have in any case: `statements/<YYYY-MM>/` holds `index.html` and
    /// `summary.csv` beside the tenants' files (compared case-insensitively, for case-insensitive
    /// file systems).
    static let reservedNames: Set<String> = ["index", "summary"]

    /// Why `raw` cannot be a tenant id, or nil when it can. A tenant id becomes a file name in the
    /// outbox (`statements/<YYYY-MM>/<tenantId>.csv`), so every record that brings one in (a tenant
    /// or a booking of a platform export) is checked when it is decoded: ASCII letters, digits,
    /// `.`, `_` and `-` only, no leading `.`, 1 to ``maxBytes`` bytes, not one of ``reservedNames``.
    static func problem(with raw: String) -> Problem? {
        var count = 0
        for byte in raw.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                count += 1
            default:
                return .character
            }
        }
        if count == 0 { return .empty }
        if raw.utf8.first == UInt8(ascii: ".") { return .leadingDot }
        if count > maxBytes { return .tooLong }
        if reservedNames.contains(raw.lowercased()) { return .reserved }
        return nil
    }
}
