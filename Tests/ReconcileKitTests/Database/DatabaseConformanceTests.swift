import Testing

@testable import ReconcileKit

/// One suite for every engine (STYLE 14): each test runs on SQLite and, when `RECONCILE_TEST_POSTGRES`
/// names a server, on PostgreSQL, against a fresh database of its own.
@Suite struct DatabaseConformanceTests {
    static let schema = StateSchema.migrator

    /// The error `body` throws, which must be a ``DatabaseError``.
    func databaseError(_ body: () throws -> Void) -> DatabaseError? {
        do { try body() } catch let error as DatabaseError { return error } catch {
            Issue.record("expected a DatabaseError, got \(error)")
            return nil
        }
        Issue.record("expected a DatabaseError, nothing was thrown")
        return nil
    }

    func count(_ db: any DatabaseConnection, _ table: String) throws -> Int64 {
        try db.prepare("SELECT count(*) FROM \(table)").fetchOne { try $0.get(0, as: Int64.self) } ?? -1
    }

    /// An event row, which bookings refer to.
    func insertEvent(_ db: any DatabaseConnection, tenant: String, id: String) throws {
        try db.prepare(
            "INSERT INTO events (tenant_id, id, type, created, status, attempts) VALUES (?, ?, ?, ?, ?, ?)",
            name: "insert event"
        )
        .execute(
            .text(tenant), .text(id), .text("checkout.session.completed"), .integer(1_767_225_600),
            .text("PROCESSED"), .integer(1))
    }

    static let insertBookingSQL = """
        INSERT INTO bookings (tenant_id, id, date, status, total, currency, paid_at, checkout_session_id,
            payment_intent_id, rate_basis_points, commission, refunded, reversed, refund_status, event_id,
            package_id, tier_id, add_on_ids, metadata_commission_amount, metadata_commission_basis_points, warnings)
        VALUES (?, ?, ?, 'PAID', ?, 'eur', 1767225600, ?, NULL, 1000, ?, 0, 0, 'NONE', ?, NULL, NULL, '[]', NULL, NULL, '[]')
        """

    func bookingValues(tenant: String, id: String, date: String, total: Int64 = 150_000, event: String)
        -> [DatabaseValue]
    {
        [.text(tenant), .text(id), .text(date), .integer(total), .text(id), .integer(total / 10), .text(event)]
    }

    @Test(arguments: TestDatabase.engines)
    func migrationsApplyInOrderOnceAndAreRecorded(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        #expect(try Self.schema.migrate(test.connection) == [1, 2, 3, 4, 5, 6, 7, 8, 9])
        #expect(try Self.schema.recordedVersions(test.connection) == [1, 2, 3, 4, 5, 6, 7, 8, 9])
        for table in [
            "runs", "head", "objects", "files", "records", "record_versions", "record_conflicts", "sightings", "events",
            "event_history", "bookings", "ledger_lines", "open_items", "closed_months", "statement_revisions",
            "rejections",
            "platform_bookings", "booking_identifiers", "bank_reference_tokens", "reconciled_bookings",
            "reconciliation",
            "view_bookings", "view_open_exceptions", "view_statement_lines",
        ] {
            #expect(try count(test.connection, table) == 0, "\(table)")
        }
        let again = try test.reopen()
        #expect(try Self.schema.migrate(again) == [])
        #expect(try Self.schema.recordedVersions(again) == [1, 2, 3, 4, 5, 6, 7, 8, 9])
    }

    @Test(arguments: TestDatabase.engines)
    func aPartialSchemaIsCompletedFromWhereItStands(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        #expect(try Migrator(Array(Self.schema.migrations.prefix(1))).migrate(test.connection) == [1])
        #expect(try Self.schema.migrate(test.reopen()) == [2, 3, 4, 5, 6, 7, 8, 9])
        #expect(try Self.schema.recordedVersions(test.connection) == [1, 2, 3, 4, 5, 6, 7, 8, 9])
    }

    @Test(arguments: TestDatabase.engines)
    func aNewerOrUnknownSchemaIsRefused(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        try Self.schema.migrate(test.connection)
        try test.connection.prepare("INSERT INTO schema_migrations (version, name) VALUES (?, ?)")
            .execute(.integer(99), .text("from a newer build"))
        let newer = databaseError { try Self.schema.migrate(test.reopen()) }
        #expect(newer?.kind == .schemaTooNew)
        #expect(newer?.message.contains("version 99") == true)
        #expect(try Self.schema.recordedVersions(test.connection) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 99])

        try test.connection.prepare("DELETE FROM schema_migrations WHERE version = 99").execute([])
        try test.connection.prepare("UPDATE schema_migrations SET name = ? WHERE version = 2").execute(
            .text("other views"))
        #expect(databaseError { try Self.schema.migrate(test.reopen()) }?.kind == .unknownSchema)
    }

    @Test(arguments: TestDatabase.engines)
    func everyTypeRoundTripsIncludingNullAndZeroBytes(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let db = test.connection
        try db.execute(
            script: "CREATE TABLE kinds (k {INT} NOT NULL PRIMARY KEY, i {INT}, t TEXT, b {BLOB}) {STRICT}",
            name: "create kinds")
        let rows: [(Int64?, String?, [UInt8]?)] = [
            (0, "", []),
            (Int64.min, "grüße ✓ 'quoted' \"double\" ?", [0]),
            (Int64.max, "tab\tnew\nline", [0, 0, 1, 0, 255, 0]),
            (
                -1, String(repeating: "x", count: 100_000),
                (0..<70_000).map { UInt8(truncatingIfNeeded: $0 % 7 == 0 ? 0 : $0) }
            ),
            (nil, nil, nil),
        ]
        let insert = try db.prepare("INSERT INTO kinds (k, i, t, b) VALUES (?, ?, ?, ?)", name: "insert kinds")
        for (k, row) in rows.enumerated() {
            #expect(
                try insert.execute([
                    .integer(Int64(k)), DatabaseValue(row.0), DatabaseValue(row.1), DatabaseValue(row.2),
                ]) == 1)
        }
        let select = try db.prepare("SELECT i, t, b FROM kinds WHERE k = ?", name: "select kinds")
        for (k, row) in rows.enumerated() {
            let read = try select.fetchOne([.integer(Int64(k))]) { row in
                (try row.get(0, as: Int64?.self), try row.get(1, as: String?.self), try row.get(2, as: [UInt8]?.self))
            }
            #expect(read?.0 == row.0 && read?.1 == row.1 && read?.2 == row.2, "row \(k)")
        }
        // Non-optional reads: the values, and typed errors for NULL or another type.
        let first = try select.fetchOne([.integer(1)]) { row in
            (
                try row.get(0, as: Int64.self), try row.get(1, as: String.self), try row.get(2, as: [UInt8].self),
                try row.values
            )
        }
        #expect(first?.0 == Int64.min && first?.2 == [0])
        #expect(first?.3 == [.integer(Int64.min), .text(rows[1].1!), .blob([0])])
        let null = databaseError { _ = try select.fetchOne([.integer(4)]) { try $0.get(0, as: Int64.self) } }
        #expect(null?.kind == .typeMismatch && null?.statement == "select kinds")
        #expect(
            databaseError { _ = try select.fetchOne([.integer(0)]) { try $0.get(1, as: Int64.self) } }?.kind
                == .typeMismatch)
        // A query stopped by its callback leaves the statement and the connection usable.
        struct Stop: Error {}
        #expect(throws: Stop.self) { try db.prepare("SELECT k FROM kinds ORDER BY k").query([]) { _ in throw Stop() } }
        #expect(
            try db.prepare("SELECT k FROM kinds ORDER BY k").fetchAll { try $0.get(0, as: Int.self) } == [
                0, 1, 2, 3, 4,
            ])
        // Every placeholder must be bound.
        #expect(databaseError { try insert.execute([.integer(9)]) }?.kind == .misuse)
    }

    @Test(arguments: TestDatabase.engines)
    func aTransactionCommitsOrRollsBack(engine: DatabaseEngine) throws {
        let test = try TestDatabase.migrated(engine)
        let db = test.connection
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.transaction {
                try insertEvent(db, tenant: "t1", id: "evt_1")
                #expect(try count(db, "events") == 1)
                throw Boom()
            }
        }
        #expect(!db.isInTransaction)
        #expect(try count(db, "events") == 0)

        let answer = try db.transaction {
            try insertEvent(db, tenant: "t1", id: "evt_1")
            return 42
        }
        #expect(answer == 42)
        #expect(try count(try test.reopen(), "events") == 1)

        let nested = databaseError { try test.connection.transaction { try test.connection.transaction {} } }
        #expect(nested?.kind == .misuse)
        #expect(!test.connection.isInTransaction)
    }

    @Test(arguments: TestDatabase.engines)
    func aReaderSeesTheLastCommitWhileAWriterWorks(engine: DatabaseEngine) throws {
        let test = try TestDatabase.migrated(engine)
        let writer = test.connection
        try insertEvent(writer, tenant: "t1", id: "evt_1")
        let reader = try test.another()
        try writer.transaction {
            try insertEvent(writer, tenant: "t1", id: "evt_2")
            #expect(try count(writer, "events") == 2)
            #expect(try count(reader, "events") == 1)
        }
        #expect(try count(reader, "events") == 2)
    }

    @Test(arguments: TestDatabase.engines)
    func aTransactionWhoseStatementFailedDoesNotCommit(engine: DatabaseEngine) throws {
        let test = try TestDatabase.migrated(engine)
        let db = test.connection
        try insertEvent(db, tenant: "t1", id: "evt_1")
        // The body swallows a failed statement. SQLite keeps the transaction (the statement alone is
        // undone); PostgreSQL has aborted it and its COMMIT is reported as an error.
        let outcome = Result {
            try db.transaction {
                try insertEvent(db, tenant: "t1", id: "evt_2")
                _ = try? insertEvent(db, tenant: "t1", id: "evt_1")
            }
        }
        switch engine {
        case .sqlite:
            #expect(throws: Never.self) { try outcome.get() }
            #expect(try count(db, "events") == 2)
        case .postgresql:
            #expect((try? outcome.get()) == nil)
            #expect(try count(db, "events") == 1)
        }
        #expect(!db.isInTransaction)
    }

    @Test(arguments: TestDatabase.engines)
    func theEngineAllowsOneBookingPerTenantAndDate(engine: DatabaseEngine) throws {
        let test = try TestDatabase.migrated(engine)
        let db = test.connection
        for (tenant, event) in [("t1", "evt_1"), ("t1", "evt_2"), ("t2", "evt_3")] {
            try insertEvent(db, tenant: tenant, id: event)
        }
        let insert = try db.prepare(Self.insertBookingSQL, name: "insert booking")
        try insert.execute(bookingValues(tenant: "t1", id: "cs_1", date: "2026-06-20", event: "evt_1"))
        let taken = databaseError {
            try insert.execute(bookingValues(tenant: "t1", id: "cs_2", date: "2026-06-20", event: "evt_2"))
        }
        #expect(taken?.kind == .uniqueViolation)
        #expect(taken?.code == (engine == .sqlite ? "2067" : "23505"))
        #expect(taken?.statement == "insert booking")
        // Another tenant's booking on that date is its own.
        try insert.execute(bookingValues(tenant: "t2", id: "cs_2", date: "2026-06-20", event: "evt_3"))
        #expect(try count(db, "bookings") == 2)
        let net = try db.prepare("SELECT tenant_net FROM view_bookings WHERE tenant_id = ? AND booking_id = ?")
            .fetchOne([.text("t1"), .text("cs_1")]) { try $0.get(0, as: Int64.self) }
        #expect(net == 135_000)
    }

    @Test(arguments: TestDatabase.engines)
    func theSameIdUnderTwoTenantsIsTwoRows(engine: DatabaseEngine) throws {
        let test = try TestDatabase.migrated(engine)
        let db = test.connection
        try insertEvent(db, tenant: "t1", id: "evt_1")
        try insertEvent(db, tenant: "t2", id: "evt_1")
        #expect(try count(db, "events") == 2)
        let again = databaseError { try insertEvent(db, tenant: "t1", id: "evt_1") }
        #expect(again?.kind == .uniqueViolation)
        #expect(try count(db, "events") == 2)
    }

    @Test(arguments: TestDatabase.engines)
    func anUpsertIsSpelledTheSameOnBoth(engine: DatabaseEngine) throws {
        let test = try TestDatabase.migrated(engine)
        let db = test.connection
        try insertEvent(db, tenant: "t1", id: "evt_1")
        let upsert = try db.prepare(
            """
            INSERT INTO events (tenant_id, id, type, created, status, attempts, last_error)
            VALUES (?, ?, 'x', 1, ?, 1, ?)
            ON CONFLICT (tenant_id, id) DO UPDATE
            SET status = excluded.status, attempts = events.attempts + 1, last_error = excluded.last_error
            """, name: "upsert event")
        #expect(try upsert.execute(.text("t1"), .text("evt_1"), .text("FAILED"), .text("no booking")) == 1)
        #expect(try upsert.execute(.text("t1"), .text("evt_2"), .text("PENDING"), .null) == 1)
        let keep = try db.prepare(
            """
            INSERT INTO events (tenant_id, id, type, created, status, attempts) VALUES (?, ?, 'x', 1, 'PENDING', 1)
            ON CONFLICT (tenant_id, id) DO NOTHING
            """, name: "insert event if new")
        #expect(try keep.execute(.text("t1"), .text("evt_2")) == 0)
        let rows = try db.prepare("SELECT id, status, attempts, last_error FROM events ORDER BY id").fetchAll {
            try $0.values
        }
        #expect(
            rows == [
                [.text("evt_1"), .text("FAILED"), .integer(2), .text("no booking")],
                [.text("evt_2"), .text("PENDING"), .integer(1), .null],
            ])
    }

    @Test(arguments: TestDatabase.engines)
    func keysAndChecksAreTheEngines(engine: DatabaseEngine) throws {
        let test = try TestDatabase.migrated(engine)
        let db = test.connection
        let line = try db.prepare(
            """
            INSERT INTO ledger_lines (tenant_id, sequence, month, kind, time, booking_id, event_id, event_tenant_id, currency,
                rate_basis_points, gross, commission, refund, commission_reversed)
            VALUES (?, 1, '2026-01', 'payment', 1767225600, ?, 'evt_1', 't1', 'eur', 1000, 100, 10, 0, 0)
            """, name: "insert ledger line")
        #expect(databaseError { try line.execute(.text("t1"), .text("cs_nowhere")) }?.kind == .foreignKeyViolation)
        let status = databaseError {
            try db.prepare(
                "INSERT INTO events (tenant_id, id, type, created, status, attempts) VALUES ('t1', 'e', 'x', 1, ?, 1)"
            )
            .execute(.text("LOST"))
        }
        #expect(status?.kind == .constraintViolation)
    }

    @Test(arguments: TestDatabase.engines)
    func errorsNameTheStatementAndNeverABoundValue(engine: DatabaseEngine) throws {
        let test = try TestDatabase.migrated(engine)
        let db = test.connection
        let secret = "cus_SECRET_ana@example.com"
        try insertEvent(db, tenant: "t1", id: "evt_1")
        try insertEvent(db, tenant: "t1", id: "evt_2")
        let insert = try db.prepare(Self.insertBookingSQL, name: "insert booking")
        try insert.execute(bookingValues(tenant: "t1", id: secret, date: "2026-06-20", event: "evt_1"))
        var errors: [DatabaseError?] = [
            // a unique key (PostgreSQL's DETAIL would quote it)
            databaseError {
                try insert.execute(bookingValues(tenant: "t1", id: secret + "2", date: "2026-06-20", event: "evt_2"))
            },
            databaseError {
                try insert.execute(bookingValues(tenant: "t1", id: secret, date: "2026-06-21", event: "evt_2"))
            },
            // text where an integer belongs
            databaseError {
                try db.prepare(
                    "INSERT INTO events (tenant_id, id, type, created, status, attempts) VALUES (?, ?, 'x', ?, 'PENDING', 1)",
                    name: "insert event"
                )
                .execute(.text("t1"), .text(secret), .text(secret))
            },
            // a NOT NULL column
            databaseError {
                try db.prepare(
                    "INSERT INTO events (tenant_id, id, type, created, status, attempts) VALUES (?, ?, NULL, 1, 'PENDING', 1)",
                    name: "insert event"
                )
                .execute(.text(secret), .text(secret))
            },
        ]
        let sql = "INSERT INTO files (sha256, path, run_id) VALUES (?, ?, 'r')"
        let unnamed = databaseError { try db.prepare(sql).execute(.blob([1, 2]), .text(secret)) }
        #expect(unnamed?.statement == sql)
        errors.append(unnamed)
        for error in errors {
            let text = String(describing: error)
            #expect(error != nil)
            #expect(!text.contains("SECRET"), "\(text)")
            #expect(!text.contains("2026-06-2"), "\(text)")
            #expect(
                error?.statement == "insert booking" || error?.statement == "insert event" || error?.statement == sql)
            #expect(text.contains(error?.statement ?? "-"))
        }
        #expect(errors[0]?.kind == .uniqueViolation && errors[1]?.kind == .uniqueViolation)
        #expect(errors[2]?.kind == .typeMismatch && errors[3]?.kind == .constraintViolation)
    }

    @Test(arguments: TestDatabase.engines)
    func aBulkLoadStoresExactlyTheRowsGiven(engine: DatabaseEngine) throws {
        let test = try TestDatabase.migrated(engine)
        let db = test.connection
        var random = SplitMix64(seed: 0x17_0B_1E_C7)
        let rows: [[DatabaseValue]] = (0..<3_000).map { i in
            let key = (0..<32).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            // Bytes with zeros in them, and an empty object.
            let bytes = (0..<(i % 50)).map { j in UInt8(truncatingIfNeeded: j % 3 == 0 ? 0 : random.next()) }
            return [.blob(key), .text(i % 2 == 0 ? "zlib" : "none"), .integer(Int64(bytes.count) * 3), .blob(bytes)]
        }
        let columns = ["sha256", "compression", "size", "bytes"]
        #expect(try db.bulkLoad(into: "objects", columns: columns, rows: rows) == rows.count)
        let stored = try db.prepare("SELECT sha256, compression, size, bytes FROM objects").fetchAll { try $0.values }
        func order(_ a: [DatabaseValue], _ b: [DatabaseValue]) -> Bool {
            guard case .blob(let x) = a[0], case .blob(let y) = b[0] else { return false }
            return x.lexicographicallyPrecedes(y)
        }
        #expect(stored.sorted(by: order) == rows.sorted(by: order))

        // A load that breaks a key stores none of its rows; an empty one stores nothing.
        let clash = [
            [DatabaseValue.blob(Array(repeating: 7, count: 32)), .text("none"), .integer(0), .blob([])], rows[5],
        ]
        #expect(
            databaseError { try db.bulkLoad(into: "objects", columns: columns, rows: clash) }?.kind == .uniqueViolation)
        #expect(try db.bulkLoad(into: "objects", columns: columns, rows: [[DatabaseValue]]()) == 0)
        #expect(try count(db, "objects") == Int64(rows.count))
        #expect(databaseError { try db.bulkLoad(into: "objects", columns: columns, rows: [[.null]]) }?.kind == .misuse)
        // Inside a transaction, the load is part of it.
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.bulkLoad(
                    into: "objects", columns: columns,
                    rows: [[.blob(Array(repeating: 9, count: 32)), .text("none"), .integer(0), .blob([])]])
                throw Boom()
            }
        }
        #expect(try count(db, "objects") == Int64(rows.count))
    }

    @Test(arguments: TestDatabase.engines)
    func eachStatementsCallsAndRowsAreCountedUnderItsName(engine: DatabaseEngine) throws {
        let test = try TestDatabase.migrated(engine)
        let db = test.connection
        try db.transaction {
            for id in ["evt_1", "evt_2", "evt_3"] { try insertEvent(db, tenant: "t1", id: id) }
        }
        let ignore = try db.prepare(
            "INSERT INTO events (tenant_id, id, type, created, status, attempts) VALUES (?, ?, 'x', 1, 'PROCESSED', 1) ON CONFLICT (tenant_id, id) DO NOTHING",
            name: "insert event unless stored")
        try ignore.execute(.text("t1"), .text("evt_1"))
        try ignore.execute(.text("t2"), .text("evt_1"))
        #expect(
            try db.prepare("SELECT id FROM events", name: "select events").fetchAll { try $0.get(0, as: String.self) }
                .count == 4)
        let columns = ["sha256", "compression", "size", "bytes"]
        let objects: [[DatabaseValue]] = (1...5).map {
            [.blob(Array(repeating: UInt8($0), count: 32)), .text("none"), .integer(0), .blob([])]
        }
        try db.bulkLoad(into: "objects", columns: columns, rows: objects)

        let timings = db.timings
        #expect(timings["insert event"].map { [$0.calls, $0.rows] } == [3, 3])
        // Rows are those a write changed: the second call inserted, the first found its key stored.
        #expect(timings["insert event unless stored"].map { [$0.calls, $0.rows] } == [2, 1])
        #expect(timings["select events"].map { [$0.calls, $0.rows] } == [1, 4])
        #expect(timings["bulk load objects"]?.rows == 5)
        #expect(timings["COMMIT"]?.calls ?? 0 >= 1)
        #expect(timings["never prepared"] == nil)
        let busiest = timings.busiest(2)
        #expect(busiest.count == 2)
        #expect(busiest[0].nanoseconds >= busiest[1].nanoseconds)
    }

}
