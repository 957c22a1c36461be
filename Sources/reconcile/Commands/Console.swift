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

    /// A fatal error: always printed, whatever `--log-level` says.
    static func error(_ text: String) {
        ProgressTicker.clearLine()
        raw("reconcile: " + text + "\n")
    }

    /// Bytes to stderr in one write(2).
    static func raw(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }

    static var stdoutIsTerminal: Bool { isatty(1) == 1 }
}
