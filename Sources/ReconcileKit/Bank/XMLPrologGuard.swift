/// Scans the bytes before an XML document's root element, as they stream past, and refuses a
/// document type declaration before libxml2 ever sees one.
///
/// Bank reports never carry a DTD, and a DTD is the only way to declare entities ("billion laughs",
/// external entities reading local files). Refusing `<!DOCTYPE` outright is simpler and safer than
/// trusting the parser's entity limits. The prolog may hold a UTF-8 byte order mark, white space,
/// the XML declaration, processing instructions and comments; anything else before the root element
/// is refused too, so a document in another byte encoding (UTF-16, EBCDIC) cannot slip a DTD past.
struct XMLPrologGuard {
    enum Verdict: Equatable {
        case undecided
        /// The root element has begun: the rest of the document is libxml2's to parse.
        case passed
        case refused(line: Int, column: Int, code: CamtError.Code, reason: String)
    }

    private enum State {
        case start(bomIndex: Int)
        case prolog
        case lessThan
        case bang(matched: [UInt8])
        case processingInstruction(sawQuestionMark: Bool)
        case comment(dashes: Int)
    }

    private(set) var verdict: Verdict = .undecided
    private var state: State = .start(bomIndex: 0)
    private var line = 1
    private var column = 0
    /// Where the markup being scanned (`<!…`) began, for the refusal message.
    private var markLine = 1
    private var markColumn = 1

    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    private static let doctype = Array("DOCTYPE".utf8)
    private static let commentOpen = Array("--".utf8)

    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Verdict {
        for byte in bytes {
            guard verdict == .undecided else { break }
            step(byte)
        }
        return verdict
    }

    /// Call at end of input: a document that ends inside its prolog has no root element.
    mutating func finish() -> Verdict {
        if verdict == .undecided {
            verdict = .refused(line: line, column: column, code: .malformedXML, reason: "document has no root element")
        }
        return verdict
    }

    private mutating func step(_ byte: UInt8) {
        if byte == 0x0A {
            line += 1
            column = 0
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
        switch state {
        case .start(let bomIndex):
            if byte == Self.bom[bomIndex] {
                state = bomIndex == 2 ? .prolog : .start(bomIndex: bomIndex + 1)
            } else if bomIndex == 0 {
                if byte == 0xFE || byte == 0xFF || byte == 0x00 {
                    refuse(.unsupportedEncoding, "XML is not UTF-8 encoded")
                } else {
                    state = .prolog
                    step(afterPrologByte: byte)
                }
            } else {
                refuse(.unsupportedEncoding, "XML is not UTF-8 encoded")
            }
        case .prolog:
            step(afterPrologByte: byte)
        case .lessThan:
            switch byte {
            case UInt8(ascii: "?"): state = .processingInstruction(sawQuestionMark: false)
            case UInt8(ascii: "!"): state = .bang(matched: [])
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "_"), UInt8(ascii: ":"), 0x80...0xFF:
                verdict = .passed
            default:
                refuse(.malformedXML, "markup before the root element is not XML")
            }
        case .bang(let matched):
            let next = matched + [byte]
            if Self.commentOpen.starts(with: next) {
                state = next.count == Self.commentOpen.count ? .comment(dashes: 0) : .bang(matched: next)
            } else if Self.doctype.starts(with: next) {
                if next.count == Self.doctype.count {
                    verdict = .refused(
                        line: markLine, column: markColumn, code: .doctypeRefused,
                        reason:
                            "document type declaration (DTD) refused: bank reports never carry one and it could declare entities"
                    )
                } else {
                    state = .bang(matched: next)
                }
            } else {
                refuse(.malformedXML, "markup before the root element is not XML")
            }
        case .processingInstruction(let sawQuestionMark):
            if sawQuestionMark && byte == UInt8(ascii: ">") {
                state = .prolog
            } else {
                state = .processingInstruction(sawQuestionMark: byte == UInt8(ascii: "?"))
            }
        case .comment(let dashes):
            if dashes >= 2 && byte == UInt8(ascii: ">") {
                state = .prolog
            } else {
                state = .comment(dashes: byte == UInt8(ascii: "-") ? dashes + 1 : 0)
            }
        }
    }

    private mutating func step(afterPrologByte byte: UInt8) {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D:
            break
        case UInt8(ascii: "<"):
            markLine = line
            markColumn = column
            state = .lessThan
        default:
            refuse(.malformedXML, "content before the root element is not XML")
        }
    }

    private mutating func refuse(_ code: CamtError.Code, _ reason: String) {
        verdict = .refused(line: line, column: column, code: code, reason: reason)
    }
}
