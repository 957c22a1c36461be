import CSQLite

/// The current row of a stepped SQLite statement.
struct SQLiteRow: DatabaseRow {
    let handle: OpaquePointer
    let statementName: String
    var engine: DatabaseEngine { .sqlite }
    var columnCount: Int { Int(sqlite3_column_count(handle)) }

    func value(at index: Int) throws(DatabaseError) -> DatabaseValue {
        let column = try column(index)
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL:
            return .null
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard let text = sqlite3_column_text(handle, column) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard let blob = sqlite3_column_blob(handle, column), count > 0 else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default:
            throw DatabaseError(
                kind: .typeMismatch, engine: .sqlite, statement: statementName,
                message: "column \(index) holds a real number, which the schema never stores")
        }
    }
}
