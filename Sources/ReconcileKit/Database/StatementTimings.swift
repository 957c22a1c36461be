/// Where a connection's time goes: calls, rows and wall time per statement name, summed over the
/// connection's life. A run hands its busiest statements to ``RunConfiguration/statementsTimed``
/// (the CLI logs them at debug level), so a slow night names its slow queries without a profiler.
/// Rows are those a query returned, or those a write changed; on SQLite, steps are its virtual
/// machine's (`SQLITE_STMTSTATUS_VM_STEP`), which grow with the rows a statement visits: a keyed
/// lookup takes tens a key, a read of a whole table several a row. Diagnostics only: nothing here
/// reaches an output file.
package final class StatementTimings {
    package struct Entry: Equatable, Sendable {
        package let name: String
        package var calls = 0
        package var rows = 0
        /// SQLite's virtual-machine steps (0 on PostgreSQL).
        package var steps = 0
        var nanoseconds: UInt64 = 0
        package var seconds: Double { Double(nanoseconds) / 1e9 }
    }

    private var entries: [String: Entry] = [:]

    init() {}

    /// Adds one call of statement `name` that began at `start` (``Clock/monotonicNanoseconds()``).
    func record(_ name: String, rows: Int, steps: Int = 0, since start: UInt64) {
        let elapsed = Clock.monotonicNanoseconds() &- start
        entries[name, default: Entry(name: name)].calls += 1
        entries[name]!.rows += rows
        entries[name]!.steps += steps
        entries[name]!.nanoseconds += elapsed
    }

    /// The entry of statement `name`, if it ran.
    subscript(name: String) -> Entry? { entries[name] }

    /// The `limit` statements that took longest, longest first (ties by name).
    func busiest(_ limit: Int) -> [Entry] {
        Array(entries.values.sorted { ($0.nanoseconds, $1.name) > ($1.nanoseconds, $0.name) }.prefix(limit))
    }
}
