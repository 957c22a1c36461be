/// Where a connection's time goes: calls, rows and wall time per statement name, summed over the
/// connection's life. A run hands its busiest statements to ``RunConfiguration/statementsTimed``
/// (the CLI logs them at debug level), so a slow night names its slow queries without a profiler.
/// Rows are those a query returned, or those a write changed; on SQLite, steps are its virtual
/// machine's (`SQLITE_STMTSTATUS_VM_STEP`), which grow with the rows a statement visits: a keyed
/// lookup takes tens a key, a read of a whole table several a row. Diagnostics only: nothing here
/// reaches an output file.
public final class StatementTimings {
    public struct Entry: Equatable, Sendable {
        public let name: String
        public var calls = 0
        public var rows = 0
        /// SQLite's virtual-machine steps (0 on PostgreSQL).
        public var steps = 0
        public var nanoseconds: UInt64 = 0
        public var seconds: Double { Double(nanoseconds) / 1e9 }
    }

    private var entries: [String: Entry] = [:]

    public init() {}

    /// Adds one call of statement `name` that began at `start` (``Clock/monotonicNanoseconds()``).
    func record(_ name: String, rows: Int, steps: Int = 0, since start: UInt64) {
        let elapsed = Clock.monotonicNanoseconds() &- start
        entries[name, default: Entry(name: name)].calls += 1
        entries[name]!.rows += rows
        entries[name]!.steps += steps
        entries[name]!.nanoseconds += elapsed
    }

    /// The entry of statement `name`, if it ran.
    public subscript(name: String) -> Entry? { entries[name] }

    /// The `limit` statements that took longest, longest first (ties by name).
    public func busiest(_ limit: Int) -> [Entry] {
        Array(entries.values.sorted { ($0.nanoseconds, $1.name) > ($1.nanoseconds, $0.name) }.prefix(limit))
    }
}
