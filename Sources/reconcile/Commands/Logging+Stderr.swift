import ArgumentParser
import Logging
import ReconcileKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// One line per event on stderr: `reconcile: warning: quarantined 'x.json' at line 3: …`, written
/// with a single write(2) so lines from parallel writers never interleave. No timestamps: journald
/// and Kubernetes add their own, and cron mail is per run.
struct StderrLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = "reconcile: \(event.level): \(event.message)"
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() { line += " \(key)=\(merged[key]!)" }
        ProgressTicker.clearLine()
        Console.raw(Console.escapingControls(line) + "\n")
    }
}

enum StderrLog {
    /// The process's logger at `level`, writing to stderr.
    static func make(level: Logger.Level) -> Logger {
        Logger(label: "reconcile") { _ in StderrLogHandler(logLevel: level) }
    }

    static func level(_ note: NoteLevel) -> Logger.Level {
        switch note {
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        }
    }
}
