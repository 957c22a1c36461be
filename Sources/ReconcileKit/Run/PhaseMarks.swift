import Glibc

/// Marks the end of each phase of a run and tells ``RunConfiguration/phaseFinished`` how long it
/// took (wall time since the previous mark) and the resident memory then. Diagnostics only:
/// nothing here reaches an output file.
struct PhaseMarks {
    private let sink: (@Sendable (String, Double, Int) -> Void)?
    private var last: UInt64

    init(_ sink: (@Sendable (String, Double, Int) -> Void)?) {
        self.sink = sink
        self.last = Clock.monotonicNanoseconds()
    }

    mutating func finished(_ phase: String) {
        guard let sink else { return }
        let now = Clock.monotonicNanoseconds()
        sink(phase, Double(now &- last) / 1e9, Self.residentMiB())
        last = now
    }

    /// Resident set size in MiB from `/proc/self/statm` (0 where there is none).
    static func residentMiB() -> Int {
        guard let file = fopen("/proc/self/statm", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 128)
        guard fgets(&line, Int32(line.count), file) != nil else { return 0 }
        let fields = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: " ")
        guard fields.count >= 2, let pages = Int(fields[1]) else { return 0 }
        return (pages * Int(sysconf(Int32(_SC_PAGESIZE)))) >> 20
    }
}
