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

    static func error(_ text: String) {
        let line = Array(("reconcile: " + text + "\n").utf8)
        line.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}
