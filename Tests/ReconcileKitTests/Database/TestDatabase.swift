import Foundation

@testable import ReconcileKit

/// A fresh, empty database for one test: a SQLite file in its own temporary folder, or its own
/// schema in the PostgreSQL that `RECONCILE_TEST_POSTGRES` names (`.ci/run` always sets it; for a
/// local run, start one with `scripts/pg-test-cluster.sh`). Every test has its own, so they run in
/// parallel. Dropped (folder or schema) when the value goes.
final class TestDatabase {
    /// The engines the conformance suite runs on here: SQLite always, PostgreSQL when one is named.
    static var engines: [DatabaseEngine] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgresql] }

    static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["RECONCILE_TEST_POSTGRES"], !url.isEmpty else { return nil }
        return url
    }

    let engine: DatabaseEngine
    /// The SQLite file, or the PostgreSQL schema.
    private let place: String
    private(set) var connection: any DatabaseConnection

    init(_ engine: DatabaseEngine) throws {
        self.engine = engine
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "reconcile-db-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            place = folder.appendingPathComponent("state.sqlite").path
        case .postgresql:
            place = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try Self.postgres().execute(script: "CREATE SCHEMA \(place)", name: "create test schema")
        }
        connection = try Self.open(engine, place)
    }

    /// A fresh database with the state schema.
    static func migrated(_ engine: DatabaseEngine) throws -> TestDatabase {
        let test = try TestDatabase(engine)
        try StateSchema.migrator.migrate(test.connection)
        return test
    }

    /// A new connection to the same database, as a later run would open it.
    func reopen() throws -> any DatabaseConnection {
        connection = try Self.open(engine, place)
        return connection
    }

    /// One more connection to the same database, beside ``connection``.
    func another() throws -> any DatabaseConnection {
        try Self.open(engine, place)
    }

    deinit {
        switch engine {
        case .sqlite:
            try? FileManager.default.removeItem(at: URL(fileURLWithPath: place).deletingLastPathComponent())
        case .postgresql:
            try? Self.postgres().execute(script: "DROP SCHEMA \(place) CASCADE", name: "drop test schema")
        }
    }

    private static func open(_ engine: DatabaseEngine, _ place: String) throws -> any DatabaseConnection {
        switch engine {
        case .sqlite:
            return try SQLiteConnection(path: place)
        case .postgresql:
            let db = try postgres()
            try db.execute(script: "SET search_path TO \(place)", name: "use test schema")
            return db
        }
    }

    private static func postgres() throws -> PostgreSQLConnection {
        guard let url = postgresURL else {
            throw DatabaseError(
                kind: .misuse, engine: .postgresql, statement: "connect", message: "RECONCILE_TEST_POSTGRES is not set")
        }
        return try PostgreSQLConnection(conninfo: url)
    }
}
