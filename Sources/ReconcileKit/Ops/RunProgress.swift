import Synchronization

/// Live counters of a run, for the progress line on a terminal. The runner and its reading threads
/// add to them; the command line samples them from its own thread. Nothing here prints, reads a
/// clock or knows about terminals.
public final class RunProgress: Sendable {
    private let total = Atomic<Int>(0)
    private let files = Atomic<Int>(0)
    private let bytes = Atomic<Int64>(0)
    private let records = Atomic<Int>(0)

    public init() {}

    /// Files the scan will read in this run.
    public var filesTotal: Int { total.load(ordering: .relaxed) }
    public var filesRead: Int { files.load(ordering: .relaxed) }
    public var bytesRead: Int64 { bytes.load(ordering: .relaxed) }
    public var recordsDecoded: Int { records.load(ordering: .relaxed) }

    func scanned(files count: Int) { total.store(count, ordering: .relaxed) }

    func read(bytes count: Int64) {
        bytes.wrappingAdd(count, ordering: .relaxed)
        files.wrappingAdd(1, ordering: .relaxed)
    }

    func decoded(records count: Int) { records.wrappingAdd(count, ordering: .relaxed) }
}

/// The progress line: "reading 12/41 files · 35.2 MB · 14.1 MB/s · 3,210 records/s".
public enum ProgressLine {
    /// `elapsedNanoseconds` is measured by the caller.
    public static func text(_ p: RunProgress, elapsedNanoseconds: UInt64) -> String {
        let seconds = max(Double(elapsedNanoseconds) / 1e9, 0.001)
        let mb = Double(p.bytesRead) / 1_000_000
        return "reading \(p.filesRead)/\(p.filesTotal) files · \(one(mb)) MB · \(one(mb / seconds)) MB/s · "
            + "\(Int((Double(p.recordsDecoded) / seconds).rounded())) records/s"
    }

    static func one(_ x: Double) -> String {
        let tenths = Int64((x * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
