import Synchronization

/// Live counters of a run, for the progress line on a terminal. The runner and its reading threads
/// add to them; the command line samples them from its own thread. Nothing here prints, reads a
/// clock or knows about terminals.
package final class RunProgress: Sendable {
    private let total = Atomic<Int>(0)
    private let files = Atomic<Int>(0)
    private let bytes = Atomic<Int64>(0)
    private let records = Atomic<Int>(0)

    package init() {}

    /// Files the scan will read in this run.
    var filesTotal: Int { total.load(ordering: .relaxed) }
    var filesRead: Int { files.load(ordering: .relaxed) }
    var bytesRead: Int64 { bytes.load(ordering: .relaxed) }
    var recordsDecoded: Int { records.load(ordering: .relaxed) }

    func scanned(files count: Int) { total.store(count, ordering: .relaxed) }

    func read(bytes count: Int64) {
        bytes.wrappingAdd(count, ordering: .relaxed)
        files.wrappingAdd(1, ordering: .relaxed)
    }

    func decoded(records count: Int) { records.wrappingAdd(count, ordering: .relaxed) }
}

/// The progress line: "reading 12/41 files · 35.2 MB · 14.1 MB/s · 3,210 records/s".
package enum ProgressLine {
    /// `elapsedNanoseconds` (since the start) is measured by the caller. Once every file is read,
    /// the rates are those of the reading, `readingNanoseconds`, and the line says what follows.
    package static func text(_ p: RunProgress, elapsedNanoseconds: UInt64, readingNanoseconds: UInt64? = nil) -> String
    {
        let done = p.filesTotal > 0 && p.filesRead >= p.filesTotal
        let seconds = max(Double(done ? (readingNanoseconds ?? elapsedNanoseconds) : elapsedNanoseconds) / 1e9, 0.001)
        let mb = Double(p.bytesRead) / 1_000_000
        let rates =
            "\(one(mb)) MB · \(one(mb / seconds)) MB/s · \(Int((Double(p.recordsDecoded) / seconds).rounded())) records/s"
        if done { return "read \(p.filesTotal) files · \(rates) · processing…" }
        return "reading \(p.filesRead)/\(p.filesTotal) files · \(rates)"
    }

    /// Whether every file of the scan has been read.
    package static func readingDone(_ p: RunProgress) -> Bool { p.filesTotal > 0 && p.filesRead >= p.filesTotal }

    static func one(_ x: Double) -> String {
        let tenths = Int64((x * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
