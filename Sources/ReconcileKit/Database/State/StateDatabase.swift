/// Where the state lives: a SQLite file, or a PostgreSQL database named by a libpq URL.
enum StateLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgresql(conninfo: String)
}

/// The state's database with typed, keyed access to its tables: objects, the record index, ingested
/// files, events, bookings, ledger lines and the run log. Opening it brings the schema up to date
/// (``StateSchema``). Every lookup takes a batch of keys; nothing reads a table whole.
///
/// A run writes through the tables inside one ``transaction(_:)`` that ends with
/// ``RunLog/commit(runID:time:asOf:manifest:changesDigest:)``: rows that name the run are checked
/// against its row when the transaction commits.
final class StateDatabase {
    let connection: any DatabaseConnection
    let objects: ObjectTable
    let records: RecordTable
    let files: IngestedFileTable
    let fileStamps: FileStampTable
    let events: EventTable
    let bookings: BookingTable
    let ledger: LedgerLineTable
    let runs: RunLog
    let openItems: OpenItemTable
    let closedMonths: ClosedMonthTable
    let statementRevisions: StatementRevisionTable
    let rejections: RejectionTable
    let reconciliation: ReconciliationTable
    let statementTotals: StatementTotalsTable

    /// What opening a state does to its schema.
    enum SchemaUpgrade: Sendable {
        /// Migrates it to the schema this build knows, in a transaction of its own (a run, gc, close).
        case now
        /// Writes nothing and requires this build's schema (the read-only commands).
        case never
        /// Leaves it to the caller, which migrates inside its own transaction (a dry run: rolled
        /// back, so it leaves no table behind).
        case inCallersTransaction
    }

    /// Uses `connection`, doing to its schema what `schema` says.
    init(connection: any DatabaseConnection, schema: SchemaUpgrade = .now) throws {
        switch schema {
        case .now: try StateSchema.migrator.migrate(connection)
        case .never: try StateSchema.migrator.requireCurrent(connection)
        case .inCallersTransaction: break
        }
        self.connection = connection
        objects = ObjectTable(connection)
        records = RecordTable(connection)
        files = IngestedFileTable(connection)
        fileStamps = FileStampTable(connection)
        events = EventTable(connection)
        bookings = BookingTable(connection)
        ledger = LedgerLineTable(connection)
        runs = RunLog(connection)
        openItems = OpenItemTable(connection)
        closedMonths = ClosedMonthTable(connection)
        statementRevisions = StatementRevisionTable(connection)
        rejections = RejectionTable(connection)
        reconciliation = ReconciliationTable(connection)
        statementTotals = StatementTotalsTable(connection)
    }

    /// Opens the database at `location`, creating it as needed, and does to its schema what
    /// `schema` says.
    convenience init(opening location: StateLocation, schema: SchemaUpgrade = .now) throws {
        switch location {
        case .sqlite(let path): try self.init(connection: SQLiteConnection(path: path), schema: schema)
        case .postgresql(let conninfo):
            try self.init(connection: PostgreSQLConnection(conninfo: conninfo), schema: schema)
        }
    }

    var engine: DatabaseEngine { connection.engine }

    /// SQLite's page cache for a night of `records` new records: 64 MiB (the connection's), or
    /// 256 bytes a record up to 1 GiB. A large load's B-trees outgrow a small cache: every insert
    /// then reads its leaf back and spills it to the WAL again, which then grows past the disk on a
    /// large load. PostgreSQL sizes its own buffers. Only grows.
    func sizeCache(forNewRecords records: Int) throws {
        // A database built with no journal writes a spilled page in place, once: the cache stays.
        guard engine == .sqlite, (connection as? SQLiteConnection)?.journal == .wal else { return }
        let kibibytes = min(max(records / 4, SQLiteConnection.cacheKiB), 1 << 20)
        guard kibibytes > cacheKiB else { return }
        try connection.execute(script: "PRAGMA cache_size = -\(kibibytes)", name: "cache_size")
        cacheKiB = kibibytes
    }

    /// The page cache's size, KiB.
    private var cacheKiB = SQLiteConnection.cacheKiB

    /// Runs `body` in one transaction: commits when it returns, rolls back and rethrows when it throws.
    @discardableResult
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try connection.transaction(body)
    }
}
