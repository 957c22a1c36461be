/// The run log (`runs`) and the head (`head`): a run commits by adding its row and moving the head
/// to it in one transaction, so a reader sees the previous run or this one, never half of it.
///
/// A night adds its row first (``begin(runID:time:asOf:)``), with a provisional root, so that every
/// row it writes names a run that exists: SQLite checks a deferred reference only at the commit,
/// but while one is unresolved it answers each insert into a parent table (`files`, `runs`,
/// `events`) with a scan of the children (`sightings`, every table naming a run, `bookings`),
/// which grows with the history. ``commit(runID:time:asOf:manifest:changesDigest:)`` fills the row in.
final class RunLog {
    private let connection: any DatabaseConnection
    private let selectHead: LazyStatement
    private let selectRun: LazyStatement
    private let insertRun: LazyStatement
    private let moveHead: LazyStatement
    private static let columnNames = ["run_id", "parent_root", "time", "as_of", "manifest", "changes_digest", "root"]
    private static let columns = columnNames.joined(separator: ", ")

    init(_ db: any DatabaseConnection) {
        connection = db
        selectHead = LazyStatement(
            db, name: "select head",
            sql: """
                SELECT \(Self.columns) FROM runs WHERE root = (SELECT root FROM head WHERE singleton = 1)
                """)
        selectRun = LazyStatement(
            db, name: "select run by root", sql: "SELECT \(Self.columns) FROM runs WHERE root = ?")
        // A row ``begin(runID:time:asOf:)`` added is filled in: every column but the key.
        let filled = Self.columnNames.filter { $0 != "run_id" }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        insertRun = LazyStatement(
            db, name: "insert run",
            sql: """
                INSERT INTO runs (\(Self.columns)) VALUES (\(BatchStatement.list(Self.columnNames.count))) ON CONFLICT (run_id) DO UPDATE SET \(filled)
                """)
        moveHead = LazyStatement(
            db, name: "move head",
            sql: """
                INSERT INTO head (singleton, root) VALUES (1, ?) ON CONFLICT (singleton) DO UPDATE SET root = excluded.root
                """)
    }

    /// The last committed run, nil before the first.
    func head() throws -> RunRecord? {
        try selectHead.statement.fetchOne([], Self.decode)
    }

    /// The run whose root is `root`.
    func run(root: ObjectID) throws -> RunRecord? {
        try selectRun.statement.fetchOne([root.databaseValue], Self.decode)
    }

    /// Adds the row of the run the open transaction writes, provisionally: no parent, no manifest,
    /// and a root that no chain holds (the hash of `provisional run <id>`); the run's commit, in the
    /// same transaction, fills it in.
    func begin(runID: String, time: Int64, asOf: CalendarDate) throws {
        precondition(connection.isInTransaction, "a run's row is added inside the run's transaction")
        let provisional = ObjectID(digestOf: Array("provisional run \(runID)".utf8))
        try insertRun.statement.execute([
            .text(runID), .null, .integer(time), .text(asOf.text), .blob([]), provisional.databaseValue,
            provisional.databaseValue,
        ])
    }

    /// Adds a run after the head (or fills in the row ``begin(runID:time:asOf:)`` added) and moves
    /// the head to it, in the open transaction (the run's final one, with the rows the run wrote)
    /// or in one of its own. Returns the run with its root.
    @discardableResult
    func commit(runID: String, time: Int64, asOf: CalendarDate, manifest: [UInt8], changesDigest: ObjectID) throws
        -> RunRecord
    {
        let body = { () throws -> RunRecord in
            let run = RunRecord(
                runID: runID, parent: try self.head()?.root, time: time, asOf: asOf, manifest: manifest,
                changesDigest: changesDigest)
            try self.insertRun.statement.execute([
                .text(run.runID), run.parent?.databaseValue ?? .null, .integer(run.time), .text(run.asOf.text),
                .blob(run.manifest),
                run.changesDigest.databaseValue, run.root.databaseValue,
            ])
            try self.moveHead.statement.execute([run.root.databaseValue])
            return run
        }
        return connection.isInTransaction ? try body() : try connection.transaction(body)
    }

    /// The runs from the head back to the first, newest first. A root that does not hash from its
    /// parts, or a parent that is not stored, is a ``StateError/Code/brokenChain`` naming the run.
    func chain() throws -> [RunRecord] {
        var runs: [RunRecord] = []
        var next = try head()
        while let run = next {
            guard run.rootHolds else {
                throw StateError(
                    .brokenChain, table: "runs", key: run.runID,
                    reason: "the root is not the hash of its parent, manifest and changes")
            }
            runs.append(run)
            guard let parent = run.parent else { break }
            next = try self.run(root: parent)
            if next == nil {
                throw StateError(
                    .brokenChain, table: "runs", key: run.runID, reason: "the parent root \(parent.short) is not stored"
                )
            }
        }
        return runs
    }

    private static func decode(_ row: any DatabaseRow) throws -> RunRecord {
        let runID: String = try row.get(0)
        return RunRecord(
            runID: runID, parent: try row.optionalObjectID(1, table: "runs", key: runID), time: try row.get(2),
            asOf: try row.calendarDate(3, table: "runs", key: runID), manifest: try row.get(4),
            changesDigest: try row.objectID(5, table: "runs", key: runID),
            root: try row.objectID(6, table: "runs", key: runID))
    }
}
