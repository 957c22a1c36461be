extension StateDatabase {
    /// The engine's own check of its files and constraints.
    ///
    /// SQLite: `PRAGMA integrity_check` (pages, b-trees, indexes against their tables, `NOT NULL`,
    /// `CHECK` and `STRICT` types) and `PRAGMA foreign_key_check`, which names a `WITHOUT ROWID`
    /// table's row by no key (the reference checks name it).
    ///
    /// PostgreSQL has no integrity check without an extension (`amcheck`, which a server may not
    /// have and which needs rights a worker should not): verify does not run one, and asks the
    /// catalog only for what a failed or interrupted command leaves behind in the state's schema —
    /// an index not valid or not ready (a `CREATE INDEX CONCURRENTLY` that failed), a constraint not
    /// validated (added `NOT VALID`).
    func verifyEngine(limit: Int) throws -> [StateProblem] {
        switch engine {
        case .sqlite:
            var problems = try connection.prepare("PRAGMA integrity_check(\(limit))", name: "verify: integrity_check")
                .fetchAll { try $0.get(0, as: String.self) }
                .filter { $0 != "ok" }
                .map { StateProblem(.engine, table: "database", key: "integrity_check", $0) }
            var foreignKeys = ProblemList(limit: limit)
            try connection.prepare("PRAGMA foreign_key_check", name: "verify: foreign_key_check").query([]) { row in
                let rowID = try row.value(at: 1)
                foreignKeys.append(
                    StateProblem(
                        .engine, table: try row.get(0), key: rowID == .null ? "?" : "rowid \(StateCheck.text(rowID))",
                        "a foreign key into \(try row.get(2, as: String.self)) names no row (foreign_key_check)"))
            }
            problems += foreignKeys.all(kind: .engine, table: "database")
            return problems
        case .postgresql:
            let schema = "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())"
            let indexes = try connection.prepare(
                """
                SELECT t.relname::text, c.relname::text FROM pg_index i
                JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
                WHERE c.relnamespace = \(schema) AND NOT (i.indisvalid AND i.indisready)
                ORDER BY 1, 2
                """, name: "verify: invalid indexes"
            ).fetchAll { row in
                StateProblem(.engine, table: try row.get(0), key: try row.get(1), "the index is not valid")
            }
            let constraints = try connection.prepare(
                """
                SELECT t.relname::text, c.conname::text FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                WHERE c.connamespace = \(schema) AND NOT c.convalidated
                ORDER BY 1, 2
                """, name: "verify: constraints not validated"
            ).fetchAll { row in
                StateProblem(.engine, table: try row.get(0), key: try row.get(1), "the constraint is not validated")
            }
            return indexes + constraints
        }
    }
}
