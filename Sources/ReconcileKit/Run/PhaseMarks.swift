/// Marks the end of each phase of a run and tells ``RunConfiguration/phaseFinished`` how long it
/// took (wall time since the previous mark). Durations only: nothing here reaches an output file.
struct PhaseMarks {
    private let sink: (@Sendable (String, Double) -> Void)?
    private var last: UInt64

    init(_ sink: (@Sendable (String, Double) -> Void)?) {
        self.sink = sink
        self.last = Clock.monotonicNanoseconds()
    }

    mutating func finished(_ phase: String) {
        guard let sink else { return }
        let now = Clock.monotonicNanoseconds()
        sink(phase, Double(now &- last) / 1e9)
        last = now
    }
}
