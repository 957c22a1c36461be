/// Why a bank report file as a whole cannot be read. The file is then quarantined: nothing from it
/// is applied. Messages name the place (line and column) and never quote customer data.
struct CamtError: Error, Equatable, Sendable, CustomStringConvertible {
    enum Code: String, Sendable {
        /// Not well-formed XML, or truncated.
        case malformedXML = "malformed_xml"
        /// A `<!DOCTYPE …>`: refused before parsing, so no entity is ever declared or expanded.
        case doctypeRefused = "doctype_refused"
        /// The bytes are not UTF-8 XML (UTF-16, UTF-32, EBCDIC …).
        case unsupportedEncoding = "unsupported_encoding"
        /// Well-formed XML that is not an ISO 20022 camt.052/053/054 report.
        case notCamt = "not_camt"
        /// A defensive limit (nesting depth) was exceeded.
        case limitExceeded = "limit_exceeded"
        /// The byte source reported a read failure.
        case inputFailed = "input_failed"
    }

    let code: Code
    /// The file, when the caller named one.
    var path: String?
    /// 1-based; 0 when unknown.
    let line: Int
    /// 1-based; 0 when unknown.
    let column: Int
    let reason: String

    init(code: Code, path: String? = nil, line: Int, column: Int, reason: String) {
        self.code = code
        self.path = path
        self.line = line
        self.column = column
        self.reason = reason
    }

    var description: String {
        let place = line > 0 ? (column > 0 ? " line \(line) column \(column)" : " line \(line)") : ""
        if let path { return "bank report '\(path)'\(place): \(reason)" }
        return "bank report\(place): \(reason)"
    }

    static func notCamt(line: Int, column: Int) -> CamtError {
        CamtError(
            code: .notCamt, line: line, column: column,
            reason: "XML is not an ISO 20022 camt.052/053/054 report")
    }
}
