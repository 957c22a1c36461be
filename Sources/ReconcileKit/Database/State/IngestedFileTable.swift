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

    /// The files among `sha256s` (hex) that were ingested, by hash. A string that is no SHA-256 was
    /// never ingested.
    func lookup(_ sha256s: [String]) throws -> [String: IngestedFile] {
        let ids = Array(Set(sha256s.compactMap { ObjectID(hex: $0) }))
        var found: [String: IngestedFile] = [:]
        try select.query(ids, values: { $1.append($0.databaseValue) }) { row in
            let sha = try row.objectID(0, table: "files", key: "?").hex
            found[sha] = IngestedFile(sha256: sha, path: try row.get(1), runID: try row.get(2))
        }
        return found
    }

    /// Records files as ingested; a hash already recorded is a ``DatabaseError/Kind/uniqueViolation``.
    func insert(_ files: [IngestedFile]) throws {
        var rows: [[DatabaseValue]] = []
        for file in files {
            guard let id = ObjectID(hex: file.sha256) else {
                throw StateError(
                    .unstorableValue, table: "files", key: file.path, reason: "the file hash is not 64 hex digits")
            }
            rows.append([id.databaseValue, .text(file.path), .text(file.runID)])
        }
        try insert.execute(rows) { row, values in values.append(contentsOf: row) }
    }
}
