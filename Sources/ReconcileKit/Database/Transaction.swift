/// How a transaction runs on every engine: begin, the body, commit; a body that throws is rolled
/// back and its error rethrown. A transaction inside another is a misuse. The engine supplies the
/// three steps; a failed commit must leave the transaction closed.
struct TransactionSteps {
    let engine: DatabaseEngine
    let isOpen: Bool
    let begin: () throws(DatabaseError) -> Void
    let commit: () throws(DatabaseError) -> Void
    let rollback: () -> Void

    func run<T>(_ body: () throws -> T) throws -> T {
        guard !isOpen else {
            throw DatabaseError(
                kind: .misuse, engine: engine, statement: "BEGIN", message: "a transaction is already open")
        }
        try begin()
        let result: T
        do { result = try body() } catch {
            rollback()
            throw error
        }
        try commit()
        return result
    }
}
