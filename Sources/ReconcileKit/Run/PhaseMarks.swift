import Glibc

/// Marks the end of each phase of a run and tells ``RunConfiguration/phaseFinished`` how long it
/// took (wall time since the previous mark), the resident memory then and the process's peak so
/// far (the phase where the peak grows is the one that set it, however briefly). Diagnostics only:
/// nothing here reaches an output file.
struct PhaseMarks {
    private let sink: (@Sendable (String, Double, Int, Int) -> Void)?
    private var last: UInt64

    init(_ sink: (@Sendable (String, Double, Int, Int) -> Void)?) {
        self.sink = sink
        self.last = Clock.monotonicNanoseconds()
    }

    mutating func finished(_ phase: String) {
        guard let sink else { return }
        let now = Clock.monotonicNanoseconds()
        sink(phase, Double(now &- last) / 1e9, Self.residentMiB(), Self.peakResidentMiB())
        last = now
    }

    /// The largest resident set size so far, MiB (`getrusage`'s `ru_maxrss`, KiB on Linux).
    static func peakResidentMiB() -> Int {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return usage.ru_maxrss >> 10
    }

    /// Resident set size in MiB from `/proc/self/statm` (0 where there is none).
    static func residentMiB() -> Int {
        guard let file = fopen("/proc/self/statm", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 128)
        guard fgets(&line, Int32(line.count), file) != nil else { return 0 }
        let fields = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).split(
            separator: " ")
        guard fields.count >= 2, let pages = Int(fields[1]) else { return 0 }
        return (pages * Int(sysconf(Int32(_SC_PAGESIZE)))) >> 20
    }
}
