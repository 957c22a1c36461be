/// One numbered step of the schema: statements in the shared dialect (``DatabaseEngine/sql(_:)``).
struct Migration: Sendable {
    let version: Int
    let name: String
    let sql: String

    init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Brings a database to the schema this build knows. The applied migrations are recorded in
/// `schema_migrations (version, name)`; the pending ones run in order, all in one transaction with
/// their records (the caller's, when one is open), so a database is at one known version or
/// another, never between. A database that records a version this build does not know (newer, or
/// another name for a number) is refused.
struct Migrator: Sendable {
    let migrations: [Migration]

    /// `migrations` in strictly increasing version order.
    init(_ migrations: [Migration]) {
        precondition(
            zip(migrations, migrations.dropFirst()).allSatisfy { $0.version < $1.version },
            "migrations must be numbered in increasing order")
        self.migrations = migrations
    }

    /// The newest version this build knows.
    var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Applies what is pending; returns the versions applied (none when the database is current).
    @discardableResult
    func migrate(_ db: any DatabaseConnection) throws -> [Int] {
        db.isInTransaction ? try apply(db) : try db.transaction { try apply(db) }
    }

    private func apply(_ db: any DatabaseConnection) throws -> [Int] {
        try db.execute(script: Self.createTable, name: "create schema_migrations")
        let recorded = try db.prepare(
            "SELECT version, name FROM schema_migrations ORDER BY version",
            name: "read schema_migrations"
        )
        .fetchAll { row in (try row.get(0, as: Int.self), try row.get(1, as: String.self)) }
        try check(recorded, engine: db.engine)
        let current = recorded.last?.0 ?? 0
        let record = try db.prepare(
            "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
            name: "record migration")
        var applied: [Int] = []
        for migration in migrations where migration.version > current {
            try db.execute(script: migration.sql, name: "migration \(migration.version) \(migration.name)")
            try record.execute(.integer(Int64(migration.version)), .text(migration.name))
            applied.append(migration.version)
        }
        return applied
    }

    /// The versions recorded in `db`, oldest first (empty before the first migration).
    func recordedVersions(_ db: any DatabaseConnection) throws -> [Int] {
        try db.prepare("SELECT version FROM schema_migrations ORDER BY version", name: "read schema_migrations")
            .fetchAll { try $0.get(0, as: Int.self) }
    }

    /// Checks, writing nothing, that `db` is at exactly this build's schema (the read-only commands
    /// open a state this way: a schema that is older, newer or unknown, or absent, is an error).
    func requireCurrent(_ db: any DatabaseConnection) throws {
        let recorded = try db.prepare(
            "SELECT version, name FROM schema_migrations ORDER BY version", name: "read schema_migrations"
        )
        .fetchAll { row in (try row.get(0, as: Int.self), try row.get(1, as: String.self)) }
        try check(recorded, engine: db.engine)
        let current = recorded.last?.0 ?? 0
        guard current == latestVersion else {
            throw DatabaseError(
                kind: .schemaTooOld, engine: db.engine, statement: "read schema_migrations",
                message:
                    "the database's schema is at version \(current), older than this build's (\(latestVersion)): a `reconcile run` upgrades it under the lock"
            )
        }
    }

    private func check(_ recorded: [(Int, String)], engine: DatabaseEngine) throws(DatabaseError) {
        if let newest = recorded.last?.0, newest > latestVersion {
            throw DatabaseError(
                kind: .schemaTooNew, engine: engine, statement: "read schema_migrations",
                message:
                    "the database's schema is at version \(newest), newer than this build knows (\(latestVersion)): use a newer reconcile"
            )
        }
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0.name) })
        for (version, name) in recorded where known[version] != name {
            throw DatabaseError(
                kind: .unknownSchema, engine: engine, statement: "read schema_migrations",
                message: "the database records migration \(version) \"\(name)\", which this build does not know")
        }
    }

    private static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version {INT} NOT NULL PRIMARY KEY,
            name TEXT NOT NULL
        ) {STRICT}
        """
}
