/// What a transaction may do: write (SQLite `BEGIN IMMEDIATE`, PostgreSQL `BEGIN`), or read one
/// committed state, whatever commits meanwhile (SQLite `BEGIN DEFERRED`, whose snapshot is taken at
/// its first read; PostgreSQL `REPEATABLE READ READ ONLY`), where a write fails.
enum TransactionKind {
    case readWrite
    case snapshot
}

/// How a transaction runs on every engine: begin, the body, commit; a body that throws is rolled
/// back and its error rethrown. A transaction inside another is a misuse.
extension DatabaseConnection {
    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws and
    /// rethrows its error. A transaction inside another is ``DatabaseError/Kind/misuse``.
    @discardableResult
    func transaction<T>(_ body: () throws -> T) throws -> T { try run(.readWrite, body) }

    /// Runs `body` on one committed state, whatever commits meanwhile (``TransactionKind/snapshot``).
    /// Inside another transaction it is a `misuse`.
    @discardableResult
    func snapshot<T>(_ body: () throws -> T) throws -> T { try run(.snapshot, body) }

    private func run<T>(_ kind: TransactionKind, _ body: () throws -> T) throws -> T {
        guard !isInTransaction else {
            throw DatabaseError(
                kind: .misuse, engine: engine, statement: "BEGIN", message: "a transaction is already open")
        }
        try begin(kind)
        let result: T
        do { result = try body() } catch {
            rollback()
            throw error
        }
        try commit()
        return result
    }
}
