/// One connection to the state's database, SQLite or PostgreSQL. It is used from one thread at a
/// time. SQL given to it is written once for both engines: it goes through ``DatabaseEngine/sql(_:)``
/// on the way in.
protocol DatabaseConnection: AnyObject {
    var engine: DatabaseEngine { get }

    /// Prepares one query, `?` placeholders bound by position. Keep the statement and run it as
    /// often as needed: one prepared statement per query. `name` (e.g. "insert booking") is what
    /// errors call it; without one they quote the SQL.
    func prepare(_ sql: String, name: String?) throws(DatabaseError) -> any PreparedStatement

    /// Runs statements without parameters or results (schema text, `SET …`), one after the other.
    func execute(script: String, name: String) throws(DatabaseError)

    /// Opens a transaction of `kind` (the engine's `BEGIN`); ``transaction(_:)`` and ``snapshot(_:)``
    /// are the ways to use one.
    func begin(_ kind: TransactionKind) throws(DatabaseError)

    /// Commits; a failed commit must leave the transaction closed.
    func commit() throws(DatabaseError)

    /// Rolls back; it cannot fail in a way the caller could act on.
    func rollback()

    /// Whether a transaction is open.
    var isInTransaction: Bool { get }

    /// Calls, rows and time per statement name since the connection opened.
    var timings: StatementTimings { get }

    /// Stores `rows` in `table`, each row's values in the order of `columns`: PostgreSQL's
    /// `COPY … FROM STDIN` in binary format, SQLite's one prepared `INSERT` per row. Both run in one
    /// transaction (the caller's, if one is open). Returns the number of rows stored. Integer
    /// columns must be `BIGINT` (`{INT}` in the schema).
    @discardableResult
    func bulkLoad<Rows: Sequence>(into table: String, columns: [String], rows: Rows) throws(DatabaseError) -> Int
    where Rows.Element == [DatabaseValue]
}

/// A query prepared once on one connection. Each use binds every placeholder by position, runs,
/// and resets the statement (its bindings cleared), whether it succeeded or not.
protocol PreparedStatement: AnyObject {
    /// The name given at ``DatabaseConnection/prepare(_:name:)``, else the SQL.
    var name: String { get }
    var parameterCount: Int { get }

    /// Runs a statement that returns no rows; returns how many rows it changed.
    @discardableResult
    func execute(_ values: [DatabaseValue]) throws(DatabaseError) -> Int

    /// Runs a query and calls `row` with each row in turn; an error thrown by `row` stops the query
    /// and is rethrown. On PostgreSQL the rows stream from the server, and until the query ends its
    /// connection does nothing else: any other use from inside `row` is a `misuse` error.
    func query(_ values: [DatabaseValue], row: (any DatabaseRow) throws -> Void) throws
}

extension DatabaseConnection {
    func prepare(_ sql: String) throws(DatabaseError) -> any PreparedStatement {
        try prepare(sql, name: nil)
    }
}

extension PreparedStatement {
    @discardableResult
    func execute(_ values: DatabaseValue...) throws(DatabaseError) -> Int {
        try execute(values)
    }

    /// Every row, each decoded by `decode`.
    func fetchAll<T>(_ values: [DatabaseValue] = [], _ decode: (any DatabaseRow) throws -> T) throws -> [T] {
        var all: [T] = []
        try query(values) { all.append(try decode($0)) }
        return all
    }

    /// The first row decoded by `decode`, or nil when there is none.
    func fetchOne<T>(_ values: [DatabaseValue] = [], _ decode: (any DatabaseRow) throws -> T) throws -> T? {
        var first: T?
        try query(values) { row in
            if first == nil { first = try decode(row) }
        }
        return first
    }

    /// Checks that `values` fills every placeholder.
    func checkCount(_ values: [DatabaseValue], engine: DatabaseEngine) throws(DatabaseError) {
        guard values.count == parameterCount else {
            throw DatabaseError(
                kind: .misuse, engine: engine, statement: name,
                message: "\(values.count) values bound to \(parameterCount) placeholders")
        }
    }
}
