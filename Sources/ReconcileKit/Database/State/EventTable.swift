/// The webhook table by `(tenant, event id)`: each event's status, attempts and last error
/// (`events`), and its status changes in order (`event_history`).
final class EventTable {
    private let select: BatchStatement
    private let selectHistory: BatchStatement
    private let upsertEvents: BatchStatement
    private let insertHistory: BatchStatement

    let connection: any DatabaseConnection

    init(_ db: any DatabaseConnection) {
        connection = db
        select = BatchStatement(db, name: "select events") { rows in
            BatchStatement.keyed(
                "tenant_id, id, type, created, status, last_error, attempts", from: "events", by: ["tenant_id", "id"],
                rows: rows)
        }
        selectHistory = BatchStatement(db, name: "select event history") { rows in
            BatchStatement.keyed(
                "tenant_id, event_id, from_status, to_status, run_id, error", from: "event_history",
                by: ["tenant_id", "event_id"], rows: rows, then: "ORDER BY tenant_id, event_id, step")
        }
        upsertEvents = BatchStatement(db, name: "upsert events") { rows in
            """
            INSERT INTO events (tenant_id, id, type, created, status, last_error, attempts)
            VALUES \(BatchStatement.tuples(rows, width: 7))
            ON CONFLICT (tenant_id, id) DO UPDATE SET type = excluded.type, created = excluded.created,
                status = excluded.status, last_error = excluded.last_error, attempts = excluded.attempts
            """
        }
        insertHistory = BatchStatement(db, name: "insert event history") { rows in
            """
            INSERT INTO event_history (tenant_id, event_id, step, from_status, to_status, run_id, error)
            VALUES \(BatchStatement.tuples(rows, width: 7))
            ON CONFLICT (tenant_id, event_id, step) DO NOTHING
            """
        }
    }

    /// The stored states among `keys`; absent keys are absent from the result.
    func load(_ keys: [ScopedID]) throws -> [ScopedID: EventState] {
        let keys = Array(Set(keys))
        var rows: [ScopedID: (type: String, created: Int64, status: EventStatus, lastError: String?, attempts: Int)] =
            [:]
        try select.query(
            keys,
            values: {
                $1.append(.text($0.tenantID.rawValue))
                $1.append(.text($0.id))
            }
        ) { row in
            let key = ScopedID(try row.tenantID(0), try row.get(1))
            rows[key] = (
                try row.get(2), try row.get(3),
                try row.enumeration(4, as: EventStatus.self, table: "events", key: key.description),
                try row.get(5), try row.get(6)
            )
        }
        var history: [ScopedID: [EventTransition]] = [:]
        try selectHistory.query(
            Array(rows.keys),
            values: {
                $1.append(.text($0.tenantID.rawValue))
                $1.append(.text($0.id))
            }
        ) { row in
            let key = ScopedID(try row.tenantID(0), try row.get(1))
            let name = key.description
            history[key, default: []].append(
                EventTransition(
                    from: try row.optionalEnumeration(2, as: EventStatus.self, table: "event_history", key: name),
                    to: try row.enumeration(3, as: EventStatus.self, table: "event_history", key: name),
                    runID: try row.get(4), error: try row.get(5)))
        }
        var states: [ScopedID: EventState] = [:]
        states.reserveCapacity(rows.count)
        for (key, row) in rows {
            states[key] = EventState(
                eventID: key.id, type: row.type, tenantID: key.tenantID, created: row.created, status: row.status,
                lastError: row.lastError, attempts: row.attempts, history: history[key] ?? [])
        }
        return states
    }

    /// Stores each state: its row replaced, the transitions not stored yet appended (a history only
    /// grows). Of two states of one key, the later one given is stored.
    func upsert(_ states: [EventState]) throws {
        let unique = states.lastOfEachKey { ScopedID($0.tenantID, $0.eventID) }
        try upsertEvents.execute(unique) { state, values in
            values.append(contentsOf: [
                state.tenantID.databaseValue, .text(state.eventID), .text(state.type), .integer(state.created),
                .text(state.status.rawValue), DatabaseValue(state.lastError), .integer(Int64(state.attempts)),
            ])
        }
        let transitions = unique.flatMap { state in
            state.history.enumerated().map { (state, $0.offset + 1, $0.element) }
        }
        try insertHistory.execute(transitions) { item, values in
            let (state, step, move) = item
            values.append(contentsOf: [
                state.tenantID.databaseValue, .text(state.eventID), .integer(Int64(step)),
                DatabaseValue(move.from?.rawValue), .text(move.to.rawValue), .text(move.runID),
                DatabaseValue(move.error),
            ])
        }
    }
}
