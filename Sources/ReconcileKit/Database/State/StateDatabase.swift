/// Where the state lives: a SQLite file, or a PostgreSQL database named by a libpq URL.
public enum StateLocation: Sendable, Equatable {
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
public final class StateDatabase {
    public let connection: any DatabaseConnection
    public let objects: ObjectTable
    public let records: RecordTable
    public let files: IngestedFileTable
    public let fileStamps: FileStampTable
    public let events: EventTable
    public let bookings: BookingTable
    public let ledger: LedgerLineTable
    public let runs: RunLog
    public let openItems: OpenItemTable
    public let closedMonths: ClosedMonthTable
    public let statementRevisions: StatementRevisionTable
    public let rejections: RejectionTable
    public let reconciliation: ReconciliationTable
    public let statementTotals: StatementTotalsTable

    /// Uses `connection`, migrating its database to the schema this build knows; with `migrating`
    /// false (the read-only commands), writing nothing and requiring that schema.
    public init(connection: any DatabaseConnection, migrating: Bool = true) throws {
        if migrating {
            try StateSchema.migrator.migrate(connection)
        } else {
            try StateSchema.migrator.requireCurrent(connection)
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

    /// Opens the database at `location`, creating and migrating it as needed (or, with `migrating`
    /// false, requiring this build's schema and writing nothing).
    public convenience init(opening location: StateLocation, migrating: Bool = true) throws {
        switch location {
        case .sqlite(let path): try self.init(connection: SQLiteConnection(path: path), migrating: migrating)
        case .postgresql(let conninfo): try self.init(connection: PostgreSQLConnection(conninfo: conninfo), migrating: migrating)
        }
    }

    public var engine: DatabaseEngine { connection.engine }

    /// SQLite's page cache for a night of `records` new records: 64 MiB (the connection's), or
    /// 256 bytes a record up to 1 GiB. A large load's B-trees outgrow a small cache: every insert
    /// then reads its leaf back and spills it to the WAL again, which grew to 30 GB on a cold 1M
    /// load. PostgreSQL sizes its own buffers. Only grows.
    public func sizeCache(forNewRecords records: Int) throws {
        guard engine == .sqlite else { return }
        let kibibytes = min(max(records / 4, SQLiteConnection.cacheKiB), 1 << 20)
        guard kibibytes > cacheKiB else { return }
        try connection.execute(script: "PRAGMA cache_size = -\(kibibytes)", name: "cache_size")
        cacheKiB = kibibytes
    }

    /// The page cache's size, KiB.
    private var cacheKiB = SQLiteConnection.cacheKiB

    /// Runs `body` in one transaction: commits when it returns, rolls back and rethrows when it throws.
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try connection.transaction(body)
    }
}
