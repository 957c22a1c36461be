import CSQLite

/// One prepared SQLite statement (`sqlite3_prepare_v3`, persistent), bound by position, stepped, and
/// reset with its bindings cleared after every use.
final class SQLiteStatement: PreparedStatement {
    let connection: SQLiteConnection
    let handle: OpaquePointer
    let name: String
    let parameterCount: Int

    init(connection: SQLiteConnection, sql: String, name: String) throws(DatabaseError) {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK else {
            throw connection.error(code: sqlite3_extended_errcode(connection.handle), statement: name)
        }
        guard let statement else {
            throw DatabaseError(kind: .misuse, engine: .sqlite, statement: name, message: "the SQL holds no statement")
        }
        self.connection = connection
        self.handle = statement
        self.name = name
        parameterCount = Int(sqlite3_bind_parameter_count(statement))
    }

    deinit { sqlite3_finalize(handle) }

    func execute(_ values: [DatabaseValue]) throws(DatabaseError) -> Int {
        let start = Clock.monotonicNanoseconds()
        var changed = 0
        defer {
            reset()
            connection.timings.record(name, rows: changed, steps: takeSteps(), since: start)
        }
        try bind(values)
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_DONE:
                changed = Int(sqlite3_changes64(connection.handle))
                return changed
            case SQLITE_ROW: continue
            default: throw connection.error(code: sqlite3_extended_errcode(connection.handle), statement: name)
            }
        }
    }

    func query(_ values: [DatabaseValue], row: (any DatabaseRow) throws -> Void) throws {
        let start = Clock.monotonicNanoseconds()
        var rows = 0
        defer {
            reset()
            connection.timings.record(name, rows: rows, steps: takeSteps(), since: start)
        }
        try bind(values)
        let current = SQLiteRow(handle: handle, statementName: name)
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_DONE: return
            case SQLITE_ROW:
                rows += 1
                try row(current)
            default: throw connection.error(code: sqlite3_extended_errcode(connection.handle), statement: name)
            }
        }
    }

    /// The first column of the first row, or nil without rows.
    func firstValue(_ values: [DatabaseValue] = []) throws(DatabaseError) -> DatabaseValue? {
        defer { reset() }
        try bind(values)
        switch sqlite3_step(handle) {
        case SQLITE_DONE: return nil
        case SQLITE_ROW: return try SQLiteRow(handle: handle, statementName: name).value(at: 0)
        default: throw connection.error(code: sqlite3_extended_errcode(connection.handle), statement: name)
        }
    }

    private func bind(_ values: [DatabaseValue]) throws(DatabaseError) {
        try checkCount(values, engine: .sqlite)
        for (i, value) in values.enumerated() {
            let position = Int32(i + 1)
            let rc: Int32
            switch value {
            case .null:
                rc = sqlite3_bind_null(handle, position)
            case .integer(let v):
                rc = sqlite3_bind_int64(handle, position, v)
            case .text(var s):
                rc = s.withUTF8 { utf8 in
                    // A nil pointer would bind NULL: an empty string is bound from a literal "".
                    guard let base = utf8.baseAddress, !utf8.isEmpty else {
                        return sqlite3_bind_text64(handle, position, "", 0, Self.transient, UInt8(SQLITE_UTF8))
                    }
                    return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                        sqlite3_bind_text64(
                            handle, position, $0, UInt64(utf8.count), Self.transient, UInt8(SQLITE_UTF8))
                    }
                }
            case .blob(let bytes):
                rc = bytes.withUnsafeBytes { raw in
                    // Likewise, an empty blob is a zero-length blob, not NULL.
                    guard let base = raw.baseAddress, !raw.isEmpty else {
                        return sqlite3_bind_zeroblob(handle, position, 0)
                    }
                    return sqlite3_bind_blob64(handle, position, base, UInt64(raw.count), Self.transient)
                }
            }
            guard rc == SQLITE_OK else { throw connection.error(code: rc, statement: name) }
        }
    }

    /// The virtual-machine steps since the last call (the counter is reset).
    private func takeSteps() -> Int {
        Int(sqlite3_stmt_status(handle, SQLITE_STMTSTATUS_VM_STEP, 1))
    }

    private func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// `SQLITE_TRANSIENT`: SQLite copies the bound bytes before the bind returns.
    private static var transient: sqlite3_destructor_type {
        unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    }
}
