import Foundation

@testable import ReconcileKit

/// A schema of its own in the test PostgreSQL (`RECONCILE_TEST_POSTGRES`) for one end-to-end test,
/// and the state URL that puts the built binary in it (`options=-csearch_path%3D<schema>`). Dropped
/// when the value goes.
final class PostgreSQLStateSchema {
    let name: String
    /// The URL to pass as `--state` or `RECONCILE_STATE`.
    let url: String
    private let server: String

    init() throws {
        guard let server = TestDatabase.postgresURL else {
            throw DatabaseError(
                kind: .misuse, engine: .postgresql, statement: "connect", message: "RECONCILE_TEST_POSTGRES is not set")
        }
        self.server = server
        name = "e2e_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try PostgreSQLConnection(conninfo: server).execute(script: "CREATE SCHEMA \(name)", name: "create test schema")
        url = server + (server.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(name)"
    }

    /// How many tables the schema holds (0 before a run has created the state).
    func tableCount() throws -> Int64 {
        try PostgreSQLConnection(conninfo: server)
            .prepare(
                "SELECT CAST(count(*) AS BIGINT) FROM information_schema.tables WHERE table_schema = ?",
                name: "count tables"
            )
            .fetchOne([.text(name)]) { try $0.get(0, as: Int64.self) } ?? 0
    }

    /// ``url`` with a password in it (the test cluster trusts every local connection, so it is ignored).
    func url(withPassword password: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else {
            return url
        }
        return String(url[..<at]) + ":" + password + String(url[at...])
    }

    deinit {
        try? PostgreSQLConnection(conninfo: server).execute(
            script: "DROP SCHEMA \(name) CASCADE", name: "drop test schema")
    }
}
