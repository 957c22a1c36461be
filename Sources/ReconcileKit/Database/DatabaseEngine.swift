import Foundation

/// The engines the state can live in, and the one place where their SQL dialects differ.
///
/// Every query is written once, with `?` placeholders bound by position; schema text also uses the
/// tokens `{INT}`, `{BLOB}`, `{STRICT}` and `{STRICT_WITHOUT_ROWID}`. ``sql(_:)`` turns that text
/// into the engine's own: `$1, $2, …` and `BIGINT`/`BYTEA` on PostgreSQL, SQLite's `STRICT` and
/// `WITHOUT ROWID` table options on SQLite (nothing on PostgreSQL, whose tables are always typed and
/// clustered by nothing). Upserts (`INSERT … ON CONFLICT (…) DO …`) are spelled the same on both.
enum DatabaseEngine: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgresql

    var description: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgresql: "PostgreSQL"
        }
    }

    /// `text` in this engine's dialect: tokens replaced, then placeholders numbered on PostgreSQL.
    func sql(_ text: String) -> String {
        var out = text
        for (token, sqlite, postgresql) in Self.tokens {
            out = out.replacingOccurrences(of: token, with: self == .sqlite ? sqlite : postgresql)
        }
        return self == .postgresql ? Self.numberPlaceholders(out) : out
    }

    /// The schema tokens: 64-bit integers (a STRICT SQLite table accepts only `INTEGER` for them),
    /// byte strings, and the table options only SQLite has.
    private static let tokens: [(String, String, String)] = [
        ("{INT}", "INTEGER", "BIGINT"),
        ("{BLOB}", "BLOB", "BYTEA"),
        ("{STRICT_WITHOUT_ROWID}", "STRICT, WITHOUT ROWID", ""),
        ("{STRICT}", "STRICT", ""),
    ]

    /// Replaces each `?` outside string literals, quoted identifiers and comments by `$1`, `$2`, ….
    static func numberPlaceholders(_ text: String) -> String {
        enum Context { case code, literal, identifier, lineComment, blockComment }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        var context = Context.code
        var number = 0
        var previous: Character = " "
        for c in text {
            let wasCode = context == .code
            switch context {
            case .code:
                switch c {
                case "?":
                    number += 1
                    out += "$\(number)"
                    previous = " "
                    continue
                case "'": context = .literal
                case "\"": context = .identifier
                case "-" where previous == "-": context = .lineComment
                case "*" where previous == "/": context = .blockComment
                default: break
                }
            case .literal: if c == "'" { context = .code }
            case .identifier: if c == "\"" { context = .code }
            case .lineComment: if c == "\n" { context = .code }
            case .blockComment: if c == "/" && previous == "*" { context = .code }
            }
            out.append(c)
            // The character that closes a comment or quote must not pair with the next one.
            previous = !wasCode && context == .code ? " " : c
        }
        return out
    }
}
