import CLibPQ

/// One statement prepared on the server (`PQprepare`), its parameter types asked once
/// (`PQdescribePrepared`) so each value is sent in the format its type takes. `execute` runs it with
/// `PQexecPrepared`; `query` streams rows in single-row mode, so no result is held whole.
final class PostgreSQLStatement: PreparedStatement {
    let connection: PostgreSQLConnection
    let name: String
    let serverName: String
    let parameterTypes: [Oid]
    var parameterCount: Int { parameterTypes.count }

    init(connection: PostgreSQLConnection, sql: String, name: String, serverName: String) throws(DatabaseError) {
        self.connection = connection
        self.name = name
        self.serverName = serverName
        let prepared = PQprepare(connection.handle, serverName, sql, 0, nil)
        defer { PQclear(prepared) }
        try connection.check(prepared, statement: name)
        let description = PQdescribePrepared(connection.handle, serverName)
        defer { PQclear(description) }
        try connection.check(description, statement: name)
        parameterTypes = (0..<PQnparams(description)).map { PQparamtype(description, $0) }
    }

    deinit {
        // Fails harmlessly inside an aborted transaction, and is skipped while a query streams; the
        // server drops what is left with the session.
        if !connection.isStreaming { PQclear(PQexec(connection.handle, "DEALLOCATE \(serverName)")) }
    }

    func execute(_ values: [DatabaseValue]) throws(DatabaseError) -> Int {
        try connection.checkIdle(statement: name)
        let start = Clock.monotonicNanoseconds()
        var changed = 0
        defer { connection.timings.record(name, rows: changed, since: start) }
        let parameters = try encode(values)
        let result = parameters.withPointers { values, lengths, formats in
            PQexecPrepared(connection.handle, serverName, Int32(parameterTypes.count), values, lengths, formats, 1)
        }
        defer { PQclear(result) }
        try connection.check(result, statement: name)
        changed = Int(String(cString: PQcmdTuples(result))) ?? 0
        return changed
    }

    func query(_ values: [DatabaseValue], row: (any DatabaseRow) throws -> Void) throws {
        try connection.checkIdle(statement: name)
        let start = Clock.monotonicNanoseconds()
        var rows = 0
        defer { connection.timings.record(name, rows: rows, since: start) }
        let parameters = try encode(values)
        let sent = parameters.withPointers { values, lengths, formats in
            PQsendQueryPrepared(connection.handle, serverName, Int32(parameterTypes.count), values, lengths, formats, 1)
        }
        guard sent == 1 else { throw connection.connectionError(statement: name) }
        PQsetSingleRowMode(connection.handle)
        connection.isStreaming = true
        defer { connection.isStreaming = false }
        // Every result is read, even after a failure, so the connection is ready for the next query.
        var failure: (any Error)?
        while let result = PQgetResult(connection.handle) {
            defer { PQclear(result) }
            guard failure == nil else { continue }
            if PQresultStatus(result) == PGRES_SINGLE_TUPLE {
                rows += 1
                do { try row(PostgreSQLRow(result: result, statementName: name)) } catch { failure = error }
            } else {
                do { try connection.check(result, statement: name) } catch { failure = error }
            }
        }
        if let failure { throw failure }
    }

    private func encode(_ values: [DatabaseValue]) throws(DatabaseError) -> PostgreSQLParameters {
        try checkCount(values, engine: .postgresql)
        var parameters = PostgreSQLParameters()
        for (i, value) in values.enumerated() {
            guard parameters.append(value, as: parameterTypes[i]) else {
                throw DatabaseError(
                    kind: .typeMismatch, engine: .postgresql, statement: name,
                    message:
                        "parameter \(i + 1) is \(value.kindName), the statement takes type OID \(parameterTypes[i])")
            }
        }
        return parameters
    }
}
