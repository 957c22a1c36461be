@testable import ReconcileKit

/// The whole state a run committed, read back from its database for tests to compare: the head,
/// every index entry, the whole ledger and the rejected-record log. (The product never loads it
/// whole: a night reads what it touches.)
struct StoredState {
    var head: ObjectID?
    var index: RecordIndex
    var ledger: Ledger
    var rejected: RejectedLog

    /// The state at `state` (a folder or a PostgreSQL URL).
    static func load(state: String) throws -> StoredState {
        let access = try StateAccess.openExisting(state)
        return try load(access.database)
    }

    static func load(_ db: StateDatabase) throws -> StoredState {
        var index = RecordIndex()
        for kind in RecordKind.allCases {
            let keys = try db.records.keys(of: kind)
            for (key, entry) in try db.records.entries(keys) { index.set(entry, for: key) }
        }
        for file in try db.files.all().values { index.files[file.sha256] = file }
        let eventKeys = try db.connection.prepare("SELECT tenant_id, id FROM events").fetchAll {
            ScopedID(try $0.tenantID(0), try $0.get(1))
        }
        let events = try db.events.load(eventKeys).values.sorted { ScopedID.precedes($0.key, $1.key) }
        let ledger = Ledger(stored: try db.bookings.all(), events: events, lines: try db.ledger.all(), lastSequence: 0)
        return StoredState(
            head: try db.runs.head()?.root, index: index, ledger: ledger, rejected: try db.rejections.load())
    }
}
