import Dispatch
import ReconcileKit
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The progress line of a long run, on stderr and only when stderr is a terminal: redrawn in place
/// every half second once the run has taken more than a second, erased when the run ends (and
/// before any log line). Never written to a pipe, a file or a journal.
final class ProgressTicker: Sendable {
    /// Whether a progress line is currently on the terminal (for log lines to erase it first).
    private static let shown = Atomic<Bool>(false)
    private let progress: RunProgress
    private let start: UInt64
    private let stopped = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    init(progress: RunProgress, start: UInt64) {
        self.progress = progress
        self.start = start
        DispatchQueue(label: "reconcile.progress").async { [self] in loop() }
    }

    private func loop() {
        // First draw after one second: short runs never show a progress line.
        var timeout = DispatchTime.now() + .seconds(1)
        var reading: UInt64? = nil
        while stopped.wait(timeout: timeout) == .timedOut {
            let elapsed = Clock.monotonicNanoseconds() &- start
            if reading == nil, ProgressLine.readingDone(progress) { reading = elapsed }
            Console.raw(
                "\r\u{1b}[K" + ProgressLine.text(progress, elapsedNanoseconds: elapsed, readingNanoseconds: reading))
            Self.shown.store(true, ordering: .relaxed)
            timeout = DispatchTime.now() + .milliseconds(500)
        }
        Self.clearLine()
        done.signal()
    }

    /// Stops redrawing and erases the line.
    func stop() {
        stopped.signal()
        done.wait()
    }

    static func clearLine() {
        if shown.exchange(false, ordering: .relaxed) { Console.raw("\r\u{1b}[K") }
    }
}
