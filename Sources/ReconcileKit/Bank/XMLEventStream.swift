import CLibXML2

/// libxml2 is initialised once per process, before any parser runs (its global tables are not safe
/// to set up concurrently). Each read then owns its own reader, so reads may run on several threads.
enum LibXML {
    static let initialized: Void = { xmlInitParser() }()
}

/// A pull stream of XML nodes over libxml2's `xmlTextReader`: the document is never held as a tree
/// (the reader frees each subtree once passed), so a 1 GB statement reads in bounded memory.
///
/// Input reaches libxml2 through ``InputPump``, which runs ``XMLPrologGuard`` over the bytes first:
/// a DTD is refused before libxml2 parses a byte of it. Parse options: `NONET`, `NOBLANKS`,
/// `BIG_LINES`; never `NOENT` (entity substitution), `DTDLOAD`, `DTDATTR`, `DTDVALID` or `HUGE`.
/// libxml2's messages go to a per-reader structured handler, never to stderr.
final class XMLEventStream {
    enum Event {
        case start(localName: String, isEmpty: Bool)
        case end
        case text
    }

    /// The error thrown came when all input had been read and sits on its last line: what a
    /// document cut short looks like, whatever libxml2 calls it ("Extra content at the end of the
    /// document", "expected '>'", "Comment not terminated" …).
    private(set) var failedAtEndOfInput = false

    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_BIG_LINES.rawValue)

    private let reader: xmlTextReaderPtr
    private let pump: InputPump
    private let sink: ErrorSink

    init(pump: InputPump) throws(CamtError) {
        _ = LibXML.initialized
        self.pump = pump
        self.sink = ErrorSink()
        guard
            let reader = xmlReaderForIO(
                inputPumpRead, nil, Unmanaged.passUnretained(pump).toOpaque(),
                nil, nil, Self.options)
        else {
            throw CamtError(code: .inputFailed, line: 0, column: 0, reason: "cannot create an XML reader")
        }
        self.reader = reader
        xmlTextReaderSetStructuredErrorHandler(reader, errorSinkReceive, Unmanaged.passUnretained(sink).toOpaque())
    }

    deinit {
        xmlFreeTextReader(reader)
    }

    /// The next node, or nil at the end of a well-formed document.
    func next() throws(CamtError) -> Event? {
        while true {
            let status = xmlTextReaderRead(reader)
            if let failure = pump.failure { throw failure }
            if let error = sink.first {
                failedAtEndOfInput = pump.done && error.line >= pump.lastLine
                throw error
            }
            if status == 0 {
                if case .refused(let line, let column, let code, let reason) = pump.finish() {
                    throw CamtError(code: code, line: line, column: column, reason: reason)
                }
                return nil
            }
            if status < 0 {
                throw CamtError(code: .malformedXML, line: parserLine, column: parserColumn, reason: "XML parse failed")
            }
            switch UInt32(xmlTextReaderNodeType(reader)) {
            case XML_READER_TYPE_ELEMENT.rawValue:
                return .start(
                    localName: string(xmlTextReaderConstLocalName(reader)),
                    isEmpty: xmlTextReaderIsEmptyElement(reader) == 1)
            case XML_READER_TYPE_END_ELEMENT.rawValue:
                return .end
            case XML_READER_TYPE_TEXT.rawValue, XML_READER_TYPE_CDATA.rawValue:
                return .text
            case XML_READER_TYPE_DOCUMENT_TYPE.rawValue, XML_READER_TYPE_ENTITY_REFERENCE.rawValue,
                XML_READER_TYPE_ENTITY.rawValue:
                // Unreachable behind XMLPrologGuard; kept so no DTD is honoured if the guard is bypassed.
                throw CamtError(
                    code: .doctypeRefused, line: parserLine, column: parserColumn,
                    reason:
                        "document type declaration (DTD) refused: bank reports never carry one and it could declare entities"
                )
            default:
                continue
            }
        }
    }

    /// The current text node's bytes, appended to `buffer` up to `limit` bytes in all; false when cut.
    func appendText(to buffer: inout [UInt8], limit: Int) -> Bool {
        guard let value = xmlTextReaderConstValue(reader) else { return true }
        var p = value
        while p.pointee != 0 {
            if buffer.count >= limit { return false }
            buffer.append(p.pointee)
            p += 1
        }
        return true
    }

    /// The current node's namespace URI, "" when it has none.
    var namespaceURI: String { string(xmlTextReaderConstNamespaceUri(reader)) }

    /// The value of the current element's attribute with this local name (no namespace), if any.
    func attribute(_ localName: String) -> String? {
        defer { xmlTextReaderMoveToElement(reader) }
        guard xmlTextReaderMoveToFirstAttribute(reader) == 1 else { return nil }
        repeat {
            if string(xmlTextReaderConstNamespaceUri(reader)).isEmpty,
                string(xmlTextReaderConstLocalName(reader)) == localName
            {
                return string(xmlTextReaderConstValue(reader))
            }
        } while xmlTextReaderMoveToNextAttribute(reader) == 1
        return nil
    }

    /// The current node's line when libxml2 knows it exactly: elements keep lines in 16 bits, so
    /// past line 65 535 only text nodes (through `BIG_LINES`) still know theirs.
    var exactLine: Int? {
        guard let node = xmlTextReaderCurrentNode(reader) else { return nil }
        let line = Int(xmlGetLineNo(node))
        if line <= 0 { return nil }
        if line >= 65_535 && node.pointee.type == XML_ELEMENT_NODE { return nil }
        return line
    }

    /// ``exactLine``, else the parser's current line, which may run a few lines ahead of the node.
    var elementLine: Int { exactLine ?? parserLine }

    /// Bytes the parser has consumed: at or shortly after the current node (libxml2 reads ahead).
    var byteOffset: Int { max(0, Int(xmlTextReaderByteConsumed(reader))) }

    var parserLine: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }
    var parserColumn: Int { Int(xmlTextReaderGetParserColumnNumber(reader)) }

    private func string(_ p: UnsafePointer<xmlChar>?) -> String {
        guard let p else { return "" }
        return String(cString: p)
    }
}

/// Collects the first error libxml2 reports for one reader (warnings are ignored).
final class ErrorSink {
    var first: CamtError?

    func receive(_ error: xmlError) {
        guard first == nil, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let code: CamtError.Code = error.domain == Int32(XML_FROM_IO.rawValue) ? .inputFailed : .malformedXML
        first = CamtError(
            code: code, line: Int(error.line), column: Int(error.int2),
            reason: Self.sanitized(error.message))
    }

    /// libxml2's message, first line only and without the "Bytes: 0x…" dump, which could quote
    /// customer text.
    static func sanitized(_ message: UnsafeMutablePointer<CChar>?) -> String {
        guard let message else { return "XML parse failed" }
        var text = String(cString: message)
        if let cut = text.range(of: "\n") { text = String(text[..<cut.lowerBound]) }
        if let cut = text.range(of: "Bytes:") { text = String(text[..<cut.lowerBound]) }
        while let last = text.last, last == " " || last == "," || last == "!" { text.removeLast() }
        return text.isEmpty ? "XML parse failed" : text
    }
}

private let errorSinkReceive: xmlStructuredErrorFunc = { context, error in
    guard let context, let error else { return }
    Unmanaged<ErrorSink>.fromOpaque(context).takeUnretainedValue().receive(error.pointee)
}
