import CLibXML2

/// Feeds libxml2 from a byte source, through the prolog guard.
final class InputPump {
    private let source: (UnsafeMutableRawBufferPointer) -> Int
    private var prolog = XMLPrologGuard()
    private var refusal: CamtError?
    private var sourceFailed = false
    private(set) var done = false
    /// The line number of the last byte read so far (1 + line feeds seen).
    private(set) var lastLine = 1

    private let bypassed: Bool

    init(source: @escaping (UnsafeMutableRawBufferPointer) -> Int, guardsProlog: Bool = true) {
        self.source = source
        self.bypassed = !guardsProlog
    }

    /// A refusal by the guard or a failed source; once set, libxml2 only sees end of input.
    var failure: CamtError? {
        if let refusal { return refusal }
        if sourceFailed { return CamtError(code: .inputFailed, line: 0, column: 0, reason: "reading the input failed") }
        return nil
    }

    func finish() -> XMLPrologGuard.Verdict { bypassed ? .passed : prolog.finish() }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int32 {
        guard !done else { return 0 }
        let n = source(buffer)
        if n < 0 {
            sourceFailed = true
            done = true
            return 0
        }
        if n == 0 {
            done = true
            return 0
        }
        if !bypassed, prolog.verdict == .undecided,
            case .refused(let line, let column, let code, let reason) = prolog.feed(
                UnsafeRawBufferPointer(rebasing: buffer[..<n]))
        {
            refusal = CamtError(code: code, line: line, column: column, reason: reason)
            done = true
            return 0
        }
        for byte in UnsafeRawBufferPointer(rebasing: buffer[..<n]) where byte == 0x0A { lastLine += 1 }
        return Int32(n)
    }
}

/// libxml2's read callback; the context is an unretained ``InputPump``.
let inputPumpRead: xmlInputReadCallback = { context, buffer, length in
    guard let context, let buffer, length > 0 else { return -1 }
    let pump = Unmanaged<InputPump>.fromOpaque(context).takeUnretainedValue()
    return pump.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length)))
}
