extension ContentDecoder {
    /// An array of events or a list page read through ``FastEventDecoder``: the whole document is
    /// tokenised once into a ``JSONTape`` (no tree), each event written from it; an element the fast
    /// path declines is parsed alone and takes the slow path. `nil` — for any other document, or one
    /// the tape refuses — sends the file down the slow path whole, which words the errors.
    func decodeEventDocument(_ bytes: UnsafeBufferPointer<UInt8>, lines: LineIndex) -> DecodedContent? {
        let maxDepth = limits.maxDepth
        let max = limits.maxRecordBytes
        guard let tape = JSONTape(bytes, maxDepth: maxDepth) else { return nil }
        switch tape[0].kind {
        case .array:
            var content = DecodedContent(format: .eventArray, source: .webhook)
            for element in tape.elements(0) {
                let at = lines.location(of: Int(tape[element].start))
                if let record = FastEventDecoder.decode(
                    tape, element, requireEventObject: true, maxDepth: maxDepth, at: at)
                {
                    content.add({ () throws(DecodeFailure) in record }, at: at, maxRecordBytes: max)
                } else {
                    // The element sits at depth 2 of the document the tape accepted.
                    guard let value = try? JSONParser(maxDepth: maxDepth - 1).parse(tape.raw(element)) else {
                        return nil
                    }
                    addLine(value, to: &content, at: at)
                }
            }
            return content
        case .object:
            guard tape.member(0, "exportType") == nil,
                let object = tape.member(0, "object"), tape.isPlainString(object, "list"),
                let data = tape.member(0, "data"), tape[data].kind == .array
            else { return nil }
            var content = DecodedContent(format: .listPage, source: .listExport)
            for element in tape.elements(data) {
                let at = lines.location(of: Int(tape[element].start))
                if let record = FastEventDecoder.decode(
                    tape, element, requireEventObject: false, maxDepth: maxDepth, at: at)
                {
                    content.add({ () throws(DecodeFailure) in record }, at: at, maxRecordBytes: max)
                } else {
                    guard let value = try? JSONParser(maxDepth: maxDepth - 2).parse(tape.raw(element)) else {
                        return nil
                    }
                    content.add(
                        { () throws(DecodeFailure) in try EventDecoder.decode(value, at: at) }, at: at,
                        maxRecordBytes: max)
                }
            }
            return content
        default:
            return nil
        }
    }
}
