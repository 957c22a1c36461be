/// Escaping for text placed in Markdown, table cells included.
enum MarkdownText {
    /// Backslash-escapes the punctuation Markdown would interpret (`\`, `` ` ``, `*`, `_`, `[`, `]`,
    /// `<`, `>`, `#`, `|`, `&`) and turns line breaks into spaces so a value stays in its cell.
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text.unicodeScalars {
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "&", "~":
                out += "\\"
                out.unicodeScalars.append(ch)
            case "\r", "\n": out += " "
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// An identifier as a code span, or escaped text when it cannot be one (backtick, `|`, line break).
    static func code(_ text: String) -> String {
        if text.isEmpty || text.contains(where: { $0 == "`" || $0 == "|" || $0 == "\n" || $0 == "\r" }) {
            return escape(text)
        }
        return "`\(text)`"
    }

    static func amount(_ cents: Cents?) -> String {
        guard let cents else { return "" }
        return OutboxFormat.groupedAmount(cents, minus: "-")
    }
}
