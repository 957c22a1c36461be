/// The passwords a libpq connection string may hold, so that no message repeats them. libpq's own
/// errors can quote parts of the string: an undecodable percent escape quotes the component it is
/// in ("invalid percent-encoded token: …"), a malformed URL is quoted whole.
enum PostgreSQLConninfo {
    /// `message` with `conninfo` quoted whole replaced by "the connection string", and every
    /// password in it (as written and percent-decoded) by `***`.
    static func redacting(_ conninfo: String, in message: String) -> String {
        var message = conninfo.isEmpty ? message : message.replacing(conninfo, with: "the connection string")
        for secret in secrets(in: conninfo) {
            message = message.replacing(secret, with: "***")
        }
        return message
    }

    /// The URL's password (`postgresql://user:password@host/…`) and any `password` parameter, in a
    /// URL's query or in `key=value` form; the longest first, so none is left half replaced.
    static func secrets(in conninfo: String) -> [String] {
        var found: [Substring] = []
        if let scheme = conninfo.firstRange(of: "://") {
            let rest = conninfo[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            // Whether the user ends at the first or the last '@', the password is between ':' and it.
            for at in [authority.firstIndex(of: "@"), authority.lastIndex(of: "@")] {
                guard let at, let colon = authority[..<at].firstIndex(of: ":") else { continue }
                found.append(authority[authority.index(after: colon)..<at])
            }
            if let question = rest.firstIndex(of: "?") {
                for parameter in rest[rest.index(after: question)...].split(separator: "&") {
                    if let value = value(of: "password", in: parameter) { found.append(value) }
                }
            }
        } else {
            for parameter in conninfo.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
                if let value = value(of: "password", in: parameter) {
                    found.append(value.hasPrefix("'") ? value.dropFirst().prefix { $0 != "'" } : value)
                }
            }
        }
        var secrets = Set<String>()
        for secret in found where !secret.isEmpty {
            secrets.insert(String(secret))
            if let decoded = percentDecoded(secret), !decoded.isEmpty { secrets.insert(decoded) }
        }
        return secrets.sorted { $0.count > $1.count }
    }

    private static func value(of key: String, in parameter: Substring) -> Substring? {
        guard let equals = parameter.firstIndex(of: "="),
            parameter[..<equals] == key
        else { return nil }
        return parameter[parameter.index(after: equals)...]
    }

    /// `%XX` escapes decoded; nil when there are none or one is malformed (libpq then quotes it as written).
    private static func percentDecoded(_ text: Substring) -> String? {
        guard text.contains("%") else { return nil }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
