import CLibPQ

/// A connection to PostgreSQL through libpq. Parameters go in binary format where the type allows
/// (`BIGINT`, `TEXT`, `BYTEA`), rows come back in binary format, queries stream in single-row mode,
/// and ``bulkLoad(into:columns:rows:)`` is `COPY … FROM STDIN (FORMAT binary)`.
final class PostgreSQLConnection: DatabaseConnection {
    let engine = DatabaseEngine.postgresql
    private(set) var isInTransaction = false
    let timings = StatementTimings()
    /// Whether a query is streaming its rows. libpq would silently drop the rest of them if another
    /// command started, so until it ends every other use of the connection is a misuse.
    var isStreaming = false
    let handle: OpaquePointer
    private var statementCount = 0

    /// Connects with a libpq connection string or URL (`postgresql://user@host:port/db`). A failure's
    /// message never holds the string's password.
    init(conninfo: String) throws(DatabaseError) {
        // A string libpq cannot parse is the caller's mistake, told apart from a server not reached.
        var parseError: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &parseError) else {
            let reason = parseError.map { Self.trimmed(String(cString: $0)) } ?? "libpq is out of memory"
            PQfreemem(parseError)
            throw DatabaseError(
                kind: .invalidConnectionString, engine: .postgresql, statement: "connect",
                message: PostgreSQLConninfo.redacting(conninfo, in: reason))
        }
        PQconninfoFree(options)
        guard let conn = PQconnectdb(conninfo) else {
            throw DatabaseError(
                kind: .connection, engine: .postgresql, statement: "connect", message: "libpq is out of memory")
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = PostgreSQLConninfo.redacting(
                conninfo, in: Self.trimmed(String(cString: PQerrorMessage(conn))))
            PQfinish(conn)
            throw DatabaseError(kind: .connection, engine: .postgresql, statement: "connect", message: message)
        }
        handle = conn
        // Notices ("relation … already exists, skipping") are not errors and go nowhere.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        guard PQsetClientEncoding(conn, "UTF8") == 0 else {
            throw connectionError(statement: "connect: client_encoding")
        }
        try probeClientLiveness()
        // Each execution of a prepared statement is planned for the tables as they are then. A
        // cold load prepares its lookups on empty tables and fills them in one transaction; the
        // generic plan PostgreSQL settles on after five executions was a scan of the whole table
        // per batch of keys.
        try execute(script: "SET plan_cache_mode = force_custom_plan", name: "connect: plans")
    }

    /// The server's TCP keepalive probes for this session, where neither the server nor the
    /// connection string sets them (the operating system's then: over 2 hours): idle 30 s, then 3
    /// probes 10 s apart. A run holds its lock for as long as its session lives, so when the run's
    /// machine dies or drops off the network the server ends the session, and frees the lock,
    /// about a minute later instead of hours. Over a Unix socket there is no TCP and nothing to set.
    static let keepalives = [("tcp_keepalives_idle", 30), ("tcp_keepalives_interval", 10), ("tcp_keepalives_count", 3)]

    private func probeClientLiveness() throws(DatabaseError) {
        // `source` is `default` unless the server's configuration, the role, the database or the
        // connection string set it. One round trip to ask, one to set.
        let names = Self.keepalives.map { "'\($0.0)'" }.joined(separator: ", ")
        let unset = PQexec(handle, "SELECT name FROM pg_settings WHERE name IN (\(names)) AND source = 'default'")
        defer { PQclear(unset) }
        try check(unset, statement: "connect: keepalives")
        let defaults = Set((0..<PQntuples(unset)).map { String(cString: PQgetvalue(unset, $0, 0)) })
        let sets = Self.keepalives.filter { defaults.contains($0.0) }.map { "SET \($0.0) = \($0.1)" }
        guard !sets.isEmpty else { return }
        try execute(script: sets.joined(separator: "; "), name: "connect: keepalives")
    }

    deinit { PQfinish(handle) }

    func prepare(_ sql: String, name: String?) throws(DatabaseError) -> any PreparedStatement {
        try checkIdle(statement: name ?? sql)
        statementCount += 1
        return try PostgreSQLStatement(
            connection: self, sql: engine.sql(sql), name: name ?? sql,
            serverName: "reconcile_\(statementCount)")
    }

    func execute(script: String, name: String) throws(DatabaseError) {
        try checkIdle(statement: name)
        let start = Clock.monotonicNanoseconds()
        defer { timings.record(name, rows: 0, since: start) }
        let result = PQexec(handle, engine.sql(script))
        defer { PQclear(result) }
        try check(result, statement: name)
    }

    @discardableResult
    func bulkLoad<Rows: Sequence>(into table: String, columns: [String], rows: Rows) throws(DatabaseError) -> Int
    where Rows.Element == [DatabaseValue] {
        // One COPY is one statement, atomic by itself; inside an open transaction it joins it.
        let name = "bulk load \(table)"
        try checkIdle(statement: name)
        let started = Clock.monotonicNanoseconds()
        var count = 0
        defer { timings.record(name, rows: count, since: started) }
        let start = PQexec(handle, "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN (FORMAT binary)")
        defer { PQclear(start) }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            try check(start, statement: name)
            return 0
        }

        var copy = PostgreSQLCopyBuffer()
        var failure: DatabaseError?
        for row in rows {
            guard row.count == columns.count else {
                failure = DatabaseError(
                    kind: .misuse, engine: engine, statement: name,
                    message: "row \(count + 1) has \(row.count) values for \(columns.count) columns")
                break
            }
            copy.append(row)
            count += 1
            if copy.isFull, let error = send(&copy, statement: name) {
                failure = error
                break
            }
        }
        if failure == nil { copy.finish() }
        if failure == nil, let error = send(&copy, statement: name) { failure = error }
        // Ending the COPY with an error message makes the server drop every row sent.
        let ended =
            failure == nil ? PQputCopyEnd(handle, nil) : PQputCopyEnd(handle, "the client stopped the bulk load")
        if ended != 1, failure == nil { failure = connectionError(statement: name) }
        while let result = PQgetResult(handle) {
            if failure == nil, PQresultStatus(result) != PGRES_COMMAND_OK { failure = error(result, statement: name) }
            PQclear(result)
        }
        if let failure { throw failure }
        return count
    }

    private func send(_ copy: inout PostgreSQLCopyBuffer, statement: String) -> DatabaseError? {
        let sent = copy.bytes.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
        }
        copy.bytes.removeAll(keepingCapacity: true)
        return sent == 1 ? nil : connectionError(statement: statement)
    }

    func begin(_ kind: TransactionKind) throws(DatabaseError) {
        switch kind {
        case .readWrite: try execute(script: "BEGIN", name: "BEGIN")
        case .snapshot: try execute(script: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", name: "BEGIN snapshot")
        }
        isInTransaction = true
    }

    /// Commits. PostgreSQL answers COMMIT of a transaction in which a statement failed (an error the
    /// body caught) with a rollback, not an error: that is reported as one here.
    func commit() throws(DatabaseError) {
        let start = Clock.monotonicNanoseconds()
        defer { timings.record("COMMIT", rows: 0, since: start) }
        let result = PQexec(handle, "COMMIT")
        defer { PQclear(result) }
        isInTransaction = false
        try check(result, statement: "COMMIT")
        guard String(cString: PQcmdStatus(result)) == "COMMIT" else {
            throw DatabaseError(
                kind: .misuse, engine: engine, statement: "COMMIT",
                message: "a statement of the transaction failed, so COMMIT rolled it back")
        }
    }

    func rollback() {
        PQclear(PQexec(handle, "ROLLBACK"))
        isInTransaction = false
    }

    /// Refuses a command while a query streams rows (see ``isStreaming``).
    func checkIdle(statement: String) throws(DatabaseError) {
        guard !isStreaming else {
            throw DatabaseError(
                kind: .misuse, engine: engine, statement: statement,
                message: "the connection is reading another query's rows; use another connection or collect them first")
        }
    }

    /// Throws the error a result carries, if any.
    func check(_ result: OpaquePointer?, statement: String) throws(DatabaseError) {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_SINGLE_TUPLE, PGRES_EMPTY_QUERY: return
        default: throw error(result, statement: statement)
        }
    }

    /// The typed error of a failed result: its SQLSTATE and primary message (never the DETAIL, which
    /// holds the row's values).
    func error(_ result: OpaquePointer?, statement: String) -> DatabaseError {
        guard let result, let state = PQresultErrorField(result, Self.field("C")).map({ String(cString: $0) }) else {
            return connectionError(statement: statement)
        }
        var message = PQresultErrorField(result, Self.field("M")).map { String(cString: $0) } ?? ""
        if state.hasPrefix("22"), let colon = message.firstIndex(of: ":") {
            message = String(message[..<colon])  // data exceptions quote the value after a colon
        }
        let kind: DatabaseError.Kind =
            switch state {
            case "23505": .uniqueViolation
            case "23503": .foreignKeyViolation
            case "40001", "40P01": .serializationFailure
            case _ where state.hasPrefix("23"): .constraintViolation
            case _ where state.hasPrefix("08") || state == "57P01": .connection
            case "42804", "22P02", "22P03": .typeMismatch
            default: .other
            }
        return DatabaseError(kind: kind, engine: engine, statement: statement, code: state, message: message)
    }

    /// A failure libpq reports on the connection (lost, refused) rather than in a result. Only the
    /// first line is kept: after a server error, the following lines are its DETAIL.
    func connectionError(statement: String) -> DatabaseError {
        DatabaseError(
            kind: PQstatus(handle) == CONNECTION_OK ? .other : .connection, engine: engine,
            statement: statement, message: Self.trimmed(String(cString: PQerrorMessage(handle))))
    }

    private static func field(_ code: Unicode.Scalar) -> Int32 { Int32(code.value) }

    private static func trimmed(_ message: String) -> String {
        String(message.prefix { $0 != "\n" })
    }
}
