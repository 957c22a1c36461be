#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// stdout for results, stderr for diagnostics (written with write(2), unbuffered).
enum Console {
    static func out(_ text: String) {
        print(text)
    }

    /// A fatal error: always printed, whatever `--log-level` says. One diagnostic is one line:
    /// control characters (a file named with a newline, say) are escaped, so an inbox name cannot
    /// forge a log line.
    static func error(_ text: String) {
        ProgressTicker.clearLine()
        raw("reconcile: " + escapingControls(text) + "\n")
    }

    /// Bytes to stderr in one write(2).
    static func raw(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }

    static var stdoutIsTerminal: Bool { isatty(1) == 1 }

    static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
