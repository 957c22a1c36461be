import CSQLite

/// A connection to one SQLite database file: WAL journal (readers see the last commit while a run
/// writes), `foreign_keys` on, and a busy timeout so a second connection waits for a writer instead
/// of failing at once. Transactions begin `IMMEDIATE`: the write lock is taken at `BEGIN`, never
/// upgraded midway, where it could fail with `SQLITE_BUSY`.
final class SQLiteConnection: DatabaseConnection {
    /// The page cache a connection opens with, KiB (``StateDatabase/sizeCache(forNewRecords:)`` grows it for a large
    /// night).
    static let cacheKiB = 65_536
    let engine = DatabaseEngine.sqlite
    let path: String
    private(set) var isInTransaction = false
    let timings = StatementTimings()
    let journal: Journal
    let handle: OpaquePointer

    /// How the connection keeps its changes safe until they commit.
    enum Journal: Sendable {
        /// The state's own file: write-ahead log, readers see the last commit while a run writes.
        case wal
        /// A database built beside the state by a first run (``StateAccess``): no journal and no
        /// syncs, so a page that outgrows the cache is written in place, once. Nothing is ever
        /// rolled back: a build that fails is deleted, and one that commits is synced and renamed
        /// into place.
        case none
    }

    /// Opens (creating if needed) the database at `path`.
    init(path: String, journal: Journal = .wal, busyTimeoutMilliseconds: Int32 = 5_000) throws(DatabaseError) {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(db)
            throw DatabaseError(kind: .connection, engine: .sqlite, statement: "open", code: "\(rc)", message: message)
        }
        self.path = path
        self.journal = journal
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        try execute(script: "PRAGMA foreign_keys = ON", name: "open: foreign_keys")
        // A keyed lookup of many keys whose index gives several rows a key (a tenant-month's ledger
        // lines) was planned with a Bloom filter, built by reading every row of the table: a night's
        // money sums read the whole ledger.
        // Every query here reads by key; none may read the whole history, so that optimization is off.
        _ = reconcile_sqlite3_disable_bloom_filters(db)
        // A night's transaction writes more pages than SQLite's default 2 MiB cache holds: spilled
        // to the WAL and read back, they cost more system time than the inserts. 64 MiB, allocated
        // as used.
        try execute(script: "PRAGMA cache_size = -\(Self.cacheKiB)", name: "open: cache_size")
        switch journal {
        case .wal:
            // A night's statements undo through a statement journal inside the run's transaction;
            // in a temporary file, a night wrote pages to it that nothing
            // read. In memory it holds the pages one statement changes (a batch's rows).
            // Temporary tables (objects staged for a night, see ``ObjectTable``) stay in memory too.
            try execute(script: "PRAGMA temp_store = MEMORY", name: "open: temp_store")
        case .none:
            // A first run's build has no journal to undo, and its staged objects (up to the index's
            // spill, 262,144 keys) stay on disk: in memory they would grow with the load.
            try execute(script: "PRAGMA synchronous = OFF", name: "open: synchronous")
        }
        let mode = try SQLiteStatement(
            connection: self, sql: journal == .wal ? "PRAGMA journal_mode = WAL" : "PRAGMA journal_mode = OFF",
            name: "open: journal_mode"
        ).firstValue()
        // An in-memory database (a dry run on no state yet) keeps its own journal.
        guard mode == .text(journal == .wal ? "wal" : "off") || (path == ":memory:" && mode == .text("memory")) else {
            throw DatabaseError(
                kind: .other, engine: .sqlite, statement: "open: journal_mode",
                message: "the database stays in another journal mode than WAL")
        }
    }

    /// Whether a deferred foreign key is unresolved in the open transaction.
    var hasUnresolvedDeferredReferences: Bool {
        var current: Int32 = 0
        var highest: Int32 = 0
        return sqlite3_db_status(handle, SQLITE_DBSTATUS_DEFERRED_FKS, &current, &highest, 0) == SQLITE_OK
            && current != 0
    }

    deinit {
        // Statements hold this connection, so none is left; close_v2 would wait for them otherwise.
        sqlite3_close_v2(handle)
    }

    func prepare(_ sql: String, name: String?) throws(DatabaseError) -> any PreparedStatement {
        try SQLiteStatement(connection: self, sql: engine.sql(sql), name: name ?? sql)
    }

    func execute(script: String, name: String) throws(DatabaseError) {
        let start = Clock.monotonicNanoseconds()
        defer { timings.record(name, rows: 0, since: start) }
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, engine.sql(script), nil, nil, &message)
        defer { sqlite3_free(message) }
        guard rc == SQLITE_OK else {
            throw error(
                code: sqlite3_extended_errcode(handle), statement: name,
                message: message.map { String(cString: $0) })
        }
    }

    @discardableResult
    func bulkLoad<Rows: Sequence>(into table: String, columns: [String], rows: Rows) throws(DatabaseError) -> Int
    where Rows.Element == [DatabaseValue] {
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let insert = try prepare(
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))",
            name: "bulk load \(table)")
        let own = !isInTransaction
        if own { try begin(.readWrite) }
        var count = 0
        do {
            for row in rows {
                try insert.execute(row)
                count += 1
            }
        } catch {
            if own { rollback() }
            throw error
        }
        if own { try commit() }
        return count
    }

    func begin(_ kind: TransactionKind) throws(DatabaseError) {
        switch kind {
        case .readWrite: try execute(script: "BEGIN IMMEDIATE", name: "BEGIN")
        case .snapshot: try execute(script: "BEGIN DEFERRED", name: "BEGIN snapshot")
        }
        isInTransaction = true
    }

    /// Commits; a failed COMMIT (busy, disk full) rolls back, so the transaction is closed either way.
    func commit() throws(DatabaseError) {
        do { try execute(script: "COMMIT", name: "COMMIT") } catch {
            rollback()
            throw error
        }
        isInTransaction = false
    }

    /// Rolls back. SQLite may have rolled back already (after some I/O errors), so a failure here
    /// changes nothing the caller could act on; the original error is what it reports.
    func rollback() {
        try? execute(script: "ROLLBACK", name: "ROLLBACK")
        isInTransaction = false
    }

    /// The typed error of result code `code`, with the connection's message unless `message` is given.
    func error(code: Int32, statement: String, message: String? = nil) -> DatabaseError {
        let kind: DatabaseError.Kind =
            switch code {
            case 2067, 1555: .uniqueViolation  // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
            case 787: .foreignKeyViolation  // SQLITE_CONSTRAINT_FOREIGNKEY
            case 3091: .typeMismatch  // SQLITE_CONSTRAINT_DATATYPE: a STRICT column refused the value's type
            case _ where code & 0xff == SQLITE_CONSTRAINT: .constraintViolation
            case _ where code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED: .busy
            case _ where code & 0xff == SQLITE_MISMATCH: .typeMismatch
            default: .other
            }
        return DatabaseError(
            kind: kind, engine: engine, statement: statement, code: "\(code)",
            message: message ?? String(cString: sqlite3_errmsg(handle)))
    }
}
