import Testing

@testable import ReconcileKit

/// What only one engine has: SQLite's connection settings and busy handling, PostgreSQL's
/// serialization failures (which a transaction retries).
@Suite struct EngineSpecificTests {
    @Test func sqliteOpensInWALWithForeignKeysAndWaitsThenReportsBusy() throws {
        let test = try TestDatabase(.sqlite)
        let db = test.connection
        #expect(try db.prepare("PRAGMA journal_mode").fetchOne { try $0.get(0, as: String.self) } == "wal")
        #expect(try db.prepare("PRAGMA foreign_keys").fetchOne { try $0.get(0, as: Int.self) } == 1)
        try db.execute(script: "CREATE TABLE t (a {INT} NOT NULL PRIMARY KEY) {STRICT}", name: "create t")
        guard case let sqlite as SQLiteConnection = db else {
            throw DatabaseError(kind: .misuse, engine: .sqlite, statement: "", message: "not SQLite")
        }
        let other = try SQLiteConnection(path: sqlite.path, busyTimeoutMilliseconds: 50)
        try db.transaction {
            try db.prepare("INSERT INTO t (a) VALUES (?)").execute(.integer(1))
            // The writer holds the lock: the other connection waits its timeout, then gets a typed error.
            let busy = Result {
                try other.transaction { try other.prepare("INSERT INTO t (a) VALUES (2)").execute([]) }
            }
            guard case .failure(let error as DatabaseError) = busy else {
                Issue.record("expected busy, got \(busy)")
                return
            }
            #expect(error.kind == .busy && error.statement == "BEGIN")
            #expect(!other.isInTransaction)
        }
        try other.transaction { try other.prepare("INSERT INTO t (a) VALUES (2)").execute([]) }
        #expect(try db.prepare("SELECT count(*) FROM t").fetchOne { try $0.get(0, as: Int.self) } == 2)
    }

    /// A run's statements undo through a statement journal held in memory (a temporary file cost a
    /// night ~760k page writes nothing read); a first run's build, with no journal, keeps SQLite's
    /// default. A batch that fails on its third row inside a transaction still undoes only itself.
    @Test func sqliteKeepsAStatementsUndoInMemoryAndStillUndoesAFailedBatchAlone() throws {
        let test = try TestDatabase(.sqlite)
        let db = test.connection
        #expect(try db.prepare("PRAGMA temp_store").fetchOne { try $0.get(0, as: Int.self) } == 2)
        guard case let sqlite as SQLiteConnection = db else {
            throw DatabaseError(kind: .misuse, engine: .sqlite, statement: "", message: "not SQLite")
        }
        let build = try SQLiteConnection(path: sqlite.path + ".building", journal: .none)
        #expect(try build.prepare("PRAGMA temp_store", name: nil).fetchOne { try $0.get(0, as: Int.self) } == 0)
        try db.execute(script: "CREATE TABLE t (a {INT} NOT NULL PRIMARY KEY) {STRICT}", name: "create t")
        try db.transaction {
            try db.prepare("INSERT INTO t (a) VALUES (1), (2)").execute([])
            #expect(throws: DatabaseError.self) {
                try db.prepare("INSERT INTO t (a) VALUES (3), (4), (1), (5)").execute([])
            }
            try db.prepare("INSERT INTO t (a) VALUES (6)").execute([])
        }
        #expect(
            try db.prepare("SELECT group_concat(a) FROM (SELECT a FROM t ORDER BY a)").fetchOne {
                try $0.get(0, as: String.self)
            } == "1,2,6")
    }

    /// Every unique key of a table of tenant data starts with tenant_id (Citus distributes by
    /// it). Read from SQLite's catalog; the schema text is the same on PostgreSQL.
    /// SQLite's steps tell a read of every row from a lookup by key.
    @Test func sqliteCountsTheStepsThatTellAScanFromALookup() throws {
        let test = try TestDatabase.migrated(.sqlite)
        let db = test.connection
        let insert = try db.prepare(
            "INSERT INTO events (tenant_id, id, type, created, status, attempts) VALUES ('t1', ?, 'x', 1, 'PROCESSED', 1)"
        )
        try db.transaction { for i in 0..<1_000 { try insert.execute(.text("evt_\(i)")) } }
        _ = try db.prepare("SELECT id FROM events WHERE tenant_id = ? AND id = ?", name: "by key").fetchAll([
            .text("t1"), .text("evt_500"),
        ]) { $0 }
        _ = try db.prepare("SELECT id FROM events WHERE attempts = ?", name: "every row").fetchAll([.integer(7)]) { $0 }
        let byKey = try #require(db.timings["by key"])
        let everyRow = try #require(db.timings["every row"])
        #expect(byKey.steps > 0 && byKey.steps < 100, "\(byKey.steps)")
        #expect(everyRow.steps >= 1_000, "\(everyRow.steps)")
        #expect(everyRow.rows == 0)
    }

    /// SQLite 3.38+ may plan a join of many keys against an index that gives several rows a key
    /// with a Bloom filter built by reading every row of the table. With a 1M-event ledger's
    /// statistics (ANALYZE on the benchmark's state), the night's money sums of 255 tenant-months
    /// were planned so: 1.6 s a night. The state's connections turn that optimization off.
    @Test func sqlitePlansAKeyedLookupOfManyKeysWithoutReadingTheWholeTable() throws {
        let test = try TestDatabase.migrated(.sqlite)
        let db = test.connection
        try db.execute(
            script: """
                ANALYZE;
                DELETE FROM sqlite_stat1;
                INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
                    ('ledger_lines', 'ledger_lines', '1099560 334 1'),
                    ('ledger_lines', 'ledger_lines_by_booking', '497952 334 1'),
                    ('ledger_lines', 'ledger_lines_by_sequence', '1074740 1'),
                    ('ledger_lines', 'ledger_lines_by_month', '884994 334 31 1');
                ANALYZE sqlite_schema;
                """, name: "a 1M-event ledger's statistics")
        let months = 255
        let plan = try db.prepare("EXPLAIN QUERY PLAN " + LedgerLineTable.flowsSQL(months: months, before: 965_132))
            .fetchAll(Array(repeating: [DatabaseValue.text("tnt_1"), .text("2027-04")], count: months).flatMap { $0 }) {
                try $0.get(3, as: String.self)
            }
        #expect(plan.contains { $0.contains("SEARCH ledger_lines USING INDEX ledger_lines_by_month") }, "\(plan)")
        #expect(!plan.contains { $0.contains("BLOOM") }, "\(plan)")
    }

    @Test func everyUniqueKeyOnTenantDataStartsWithTenantID() throws {
        let test = try TestDatabase(.sqlite)
        let db = test.connection
        try StateSchema.migrator.migrate(db)
        let shared: Set<String> = [
            "schema_migrations", "runs", "head", "objects", "files", "file_stamps", "closed_months", "rejections",
            "reconciliation",
        ]
        // The workers' claims hold no tenant data and stay plain (Citus: FOR UPDATE on one shard only).
        let claims: Set<String> = ["worker_nights", "worker_files", "workers"]
        let tables = try db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .fetchAll { try $0.get(0, as: String.self) }
        #expect(tables.count == 27)
        #expect(claims.isSubset(of: tables))
        var keys = 0
        for table in tables where !shared.contains(table) && !claims.contains(table) {
            let unique = try db.prepare("SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1")
                .fetchAll([.text(table)]) { try $0.get(0, as: String.self) }
            #expect(!unique.isEmpty, "\(table) has no key")
            for index in unique {
                let first = try db.prepare("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
                    .fetchOne([.text(index)]) { try $0.get(0, as: String.self) }
                #expect(first == "tenant_id", "\(table): \(index)")
                keys += 1
            }
        }
        // fifteen primary keys, UNIQUE (tenant_id, date), (tenant_id, payment_intent_id), conflict steps
        #expect(keys == 18)
    }

    @Test(.enabled(if: TestDatabase.postgresURL != nil))
    func postgresqlRefusesOtherCommandsWhileAQueryStreams() throws {
        let test = try TestDatabase(.postgresql)
        let db = test.connection
        try db.execute(script: "CREATE TABLE t (a {INT} NOT NULL PRIMARY KEY)", name: "create t")
        try db.bulkLoad(into: "t", columns: ["a"], rows: (1...500).map { [DatabaseValue.integer(Int64($0))] })
        let insert = try db.prepare("INSERT INTO t (a) VALUES (?)", name: "insert t")
        var seen = 0
        var refusals: [DatabaseError.Kind] = []
        try db.prepare("SELECT a FROM t ORDER BY a").query([]) { row in
            seen += 1
            #expect(try row.get(0, as: Int.self) == seen)
            guard seen == 10 else { return }
            for use in [
                { _ = try db.prepare("SELECT 1") }, { try insert.execute(.integer(1_000)) },
                { try db.execute(script: "SELECT 1", name: "select 1") }, { try db.transaction {} },
            ] {
                do { try use() } catch let error as DatabaseError { refusals.append(error.kind) }
            }
        }
        // Every row came, none was lost to the refused commands, and the connection works on.
        #expect(seen == 500)
        #expect(refusals == [.misuse, .misuse, .misuse, .misuse])
        try insert.execute(.integer(1_000))
        #expect(try db.prepare("SELECT count(*) FROM t").fetchOne { try $0.get(0, as: Int.self) } == 501)
    }

    @Test(.enabled(if: TestDatabase.postgresURL != nil))
    func postgresqlReportsASerializationFailureAsOne() throws {
        let test = try TestDatabase(.postgresql)
        let a = test.connection
        let b = try test.another()
        try StateSchema.migrator.migrate(a)
        for db in [a, b] {
            try db.execute(
                script: "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE", name: "serializable")
        }
        let countTenant = "SELECT count(*) FROM events WHERE tenant_id = 't1'"
        let insert =
            "INSERT INTO events (tenant_id, id, type, created, status, attempts) VALUES ('t1', ?, 'x', 1, 'PENDING', 1)"
        // Write skew: each reads what the other writes; b commits first, so a cannot.
        let outcome = Result {
            try a.transaction {
                _ = try a.prepare(countTenant).fetchOne { try $0.get(0, as: Int.self) }
                try b.transaction {
                    _ = try b.prepare(countTenant).fetchOne { try $0.get(0, as: Int.self) }
                    try b.prepare(insert).execute(.text("evt_b"))
                }
                try a.prepare(insert, name: "insert event").execute(.text("evt_a"))
            }
        }
        guard case .failure(let error as DatabaseError) = outcome else {
            Issue.record("expected a serialization failure, got \(outcome)")
            return
        }
        #expect(error.kind == .serializationFailure && error.code == "40001")
        #expect(error.statement == "insert event" || error.statement == "COMMIT")
        #expect(!a.isInTransaction)
        #expect(try a.prepare("SELECT id FROM events").fetchAll { try $0.get(0, as: String.self) } == ["evt_b"])
    }

    /// A lookup prepared while its table is small (a cold load's first batches) is planned again
    /// for the table as it grows inside the same transaction: after many executions on 100 rows
    /// and 50,000 more rows, a batch of keys is read by the primary key, not by a scan of the table
    /// (PostgreSQL's cached generic plan was that scan: `force_custom_plan`).
    @Test(.enabled(if: TestDatabase.postgresURL != nil))
    func postgresqlPlansABatchedLookupForTheTableAsItIsNow() throws {
        let test = try TestDatabase(.postgresql)
        let db = test.connection
        try db.execute(
            script:
                "CREATE TABLE t (tenant_id TEXT NOT NULL, id TEXT NOT NULL, v BIGINT NOT NULL, PRIMARY KEY (tenant_id, id))",
            name: "create")
        let lookup = BatchStatement(db, name: "lookup") { rows in
            BatchStatement.keyed("v", from: "t", by: ["tenant_id", "id"], rows: rows)
        }
        func rows(_ range: Range<Int>) -> [[DatabaseValue]] {
            range.map { [.text("tnt_\($0 % 7)"), .text("id_\($0)"), .integer(Int64($0))] }
        }
        let insert = BatchStatement(db, name: "insert", insertInto: "t", columns: ["tenant_id", "id", "v"])
        func scans() throws -> Int64 {
            try db.prepare(
                "SELECT coalesce(sum(seq_scan), 0)::bigint FROM pg_stat_xact_user_tables WHERE relname = 't'"
            )
            .fetchOne { try $0.get(0, as: Int64.self) } ?? 0
        }
        try db.transaction {
            try insert.execute(rows(0..<100)) { $1 += $0 }
            var found = 0
            for _ in 0..<12 {
                try lookup.query(rows(0..<16).map { Array($0.prefix(2)) }, values: { $1 += $0 }) { _ in found += 1 }
            }
            #expect(found == 12 * 16)
            try insert.execute(rows(100..<50_100)) { $1 += $0 }
            let before = try scans()
            found = 0
            try lookup.query(rows(40_000..<40_016).map { Array($0.prefix(2)) }, values: { $1 += $0 }) { _ in found += 1
            }
            #expect(found == 16)
            #expect(try scans() == before, "the lookup scanned the whole table")
        }
    }

    /// A run's lock lives as long as its session: the server must find out soon that the run's
    /// machine is gone. TCP keepalives where nothing else set them; what the connection string sets
    /// is kept. (The test server is reached over TCP, where these settings read back as set.)
    @Test(.enabled(if: TestDatabase.postgresURL != nil))
    func postgresqlSessionsProbeTheirClientWithinAMinuteUnlessConfiguredOtherwise() throws {
        let url = try #require(TestDatabase.postgresURL)
        func shown(_ db: PostgreSQLConnection) throws -> [String] {
            try PostgreSQLConnection.keepalives.map { setting, _ in
                try db.prepare("SHOW \(setting)").fetchOne { try $0.get(0, as: String.self) } ?? "-"
            }
        }
        #expect(try shown(PostgreSQLConnection(conninfo: url)) == ["30", "10", "3"])
        let configured = url + (url.contains("?") ? "&" : "?") + "options=-c%20tcp_keepalives_idle%3D45"
        #expect(try shown(PostgreSQLConnection(conninfo: configured)) == ["45", "10", "3"])
    }
}
