/// The input files whose exact bytes were ingested, by SHA-256: "already seen" (`files`).
final class IngestedFileTable {
    private let select: BatchStatement
    private let insert: BatchStatement

    let connection: any DatabaseConnection

    init(_ db: any DatabaseConnection) {
        connection = db
        select = BatchStatement(db, name: "select files") { rows in
            "SELECT sha256, path, run_id FROM files WHERE sha256 IN (\(BatchStatement.list(rows)))"
        }
        insert = BatchStatement(db, name: "insert files") { rows in
            "INSERT INTO files (sha256, path, run_id) VALUES \(BatchStatement.tuples(rows, width: 3))"
        }
    }

    /// The files among `sha256s` that were ingested, by hash.
    func lookup(_ sha256s: [ObjectID]) throws -> [ObjectID: IngestedFile] {
        var found: [ObjectID: IngestedFile] = [:]
        try select.query(Array(Set(sha256s)), values: { $1.append($0.databaseValue) }) { row in
            let sha = try row.objectID(0, table: "files", key: "?")
            found[sha] = IngestedFile(sha256: sha, path: try row.get(1), runID: try row.get(2))
        }
        return found
    }

    /// Records files as ingested; a hash already recorded is a ``DatabaseError/Kind/uniqueViolation``.
    func insert(_ files: [IngestedFile]) throws {
        var rows: [[DatabaseValue]] = []
        for file in files {
            rows.append([file.sha256.databaseValue, .text(file.path), .text(file.runID)])
        }
        try insert.execute(rows) { row, values in values.append(contentsOf: row) }
    }
}
