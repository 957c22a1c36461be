import CLibPQ

/// The current row of a single-row-mode result, in binary format.
struct PostgreSQLRow: DatabaseRow {
    let result: OpaquePointer
    let statementName: String
    var engine: DatabaseEngine { .postgresql }
    var columnCount: Int { Int(PQnfields(result)) }

    func value(at index: Int) throws(DatabaseError) -> DatabaseValue {
        let column = try column(index)
        if PQgetisnull(result, 0, column) == 1 { return .null }
        let bytes = UnsafeRawBufferPointer(
            start: PQgetvalue(result, 0, column), count: Int(PQgetlength(result, 0, column)))
        let type = PQftype(result, column)
        guard let value = PostgreSQLBinary.decode(bytes, type: type) else {
            throw DatabaseError(
                kind: .typeMismatch, engine: .postgresql, statement: statementName,
                message: "column \(index) has type OID \(type), which is read only as bigint, text or bytea")
        }
        return value
    }
}
