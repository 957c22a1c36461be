#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// stdout for results, stderr for diagnostics.
enum Console {
    static func out(_ text: String) {
        print(text)
    }

    static func error(_ text: String) {
        fputs("reconcile: " + text + "\n", stderr)
    }
}
