/// The current row of a query, valid only inside the callback that receives it. Columns are read
/// by position, typed: `let total: Int64 = try row.get(3)`, `let note: String? = try row.get(4)`.
protocol DatabaseRow {
    var columnCount: Int { get }
    /// The value of column `index` (0-based).
    func value(at index: Int) throws(DatabaseError) -> DatabaseValue
    /// Names the query in errors.
    var statementName: String { get }
    var engine: DatabaseEngine { get }
}

extension DatabaseRow {
    /// Column `index` as `T`; a NULL read as a non-optional, or another type, is a typed error that
    /// names the column's position and kind, not its value.
    func get<T: DatabaseValueConvertible>(_ index: Int, as type: T.Type = T.self) throws(DatabaseError) -> T {
        let value = try value(at: index)
        guard let typed = T(databaseValue: value) else {
            throw DatabaseError(
                kind: .typeMismatch, engine: engine, statement: statementName,
                message: "column \(index) holds \(value.kindName), read as \(T.self)")
        }
        return typed
    }

    /// `index` as the engine's column number, or a misuse error when the row has no such column.
    func column(_ index: Int) throws(DatabaseError) -> Int32 {
        guard index >= 0, index < columnCount else {
            throw DatabaseError(
                kind: .misuse, engine: engine, statement: statementName,
                message: "no column \(index) among \(columnCount)")
        }
        return Int32(index)
    }

    /// Every column, in order.
    var values: [DatabaseValue] {
        get throws(DatabaseError) {
            var all: [DatabaseValue] = []
            all.reserveCapacity(columnCount)
            for i in 0..<columnCount { all.append(try value(at: i)) }
            return all
        }
    }
}
