import Dispatch

/// Work that runs on its own thread while the caller goes on; ``wait()`` returns its result or
/// rethrows its error. The caller's I/O seam (``FileIO/current``, where tests inject faults) goes
/// with the work. The caller must not touch what the work touches until `wait()` returns, and must
/// call `wait()` before anything the work depends on (such as the store's lock) is released.
final class BackgroundWork<T>: @unchecked Sendable {
    private var result: Result<T, any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping () throws -> T) {
        let io = FileIO.current
        nonisolated(unsafe) let work = work
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            result = Result { try FileIO.$current.withValue(io) { try work() } }
            done.signal()
        }
    }

    /// The work's result, once it has ended. Any number of callers may wait, on any threads.
    func wait() throws -> T {
        finish()
        return try result!.get()
    }

    /// Waits for the work to end, without its result (for paths that already fail).
    func finish() {
        done.wait()
        done.signal()
    }
}
