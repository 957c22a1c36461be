#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a command's state lives, opened and locked (SPEC §7): a folder holding one SQLite file
/// (`state.sqlite`, the default `./.reconcile`), or a PostgreSQL database named by a libpq URL
/// (`postgresql://…`, its schema chosen with `options=-csearch_path%3D…`). One run at a time holds
/// the lock: the folder's `lock` file (flock) on SQLite, a session advisory lock on PostgreSQL; a
/// second run exits 75, or waits with `--wait`. Messages never name a URL (``StatePlace``).
final class StateAccess {
    let database: StateDatabase
    /// Says where the state is without its credentials (for messages).
    let place: String
    private let fileLock: StoreLock?
    /// The advisory lock's schema half, when this access holds the PostgreSQL run lock.
    private let advisoryLock: Int64?
    /// A first run's database, built beside the state until ``publish()`` renames it into place.
    private var build: Build?

    /// A SQLite state's first database, built under a name of its own (``buildSuffix``) with no
    /// journal: a first run writes the whole history, which in one WAL transaction was written
    /// twice (the log, then the checkpoint) and, once its pages outgrew the cache, many times.
    private struct Build {
        let path: String
        let final: String
    }

    static let sqliteFileName = "state.sqlite"
    /// The suffix of a first run's database while it is built.
    static let buildSuffix = ".building"
    /// The first half of the advisory lock key every run on one PostgreSQL state takes ("reco" in
    /// ASCII); the second half is a hash of the state's schema (the first of its `search_path`), so
    /// states in other schemas of one database do not lock each other out.
    static let advisoryLockClass: Int64 = 0x7265_636F

    private init(
        database: StateDatabase, place: String, fileLock: StoreLock?, advisoryLock: Int64? = nil, build: Build? = nil
    ) {
        self.database = database
        self.place = place
        self.fileLock = fileLock
        self.advisoryLock = advisoryLock
        self.build = build
    }

    /// Puts a first run's committed database in the state's place: synced, renamed over the
    /// state's name, the folder synced. Before this, the folder holds no state (a run killed
    /// earlier leaves the build behind, which the next run deletes); after it, the whole first
    /// run. Nothing may write through this access after it. Does nothing on a state that was there.
    func publish() throws {
        guard let build else { return }
        do throws(FileSystemError) {
            try AtomicFile.sync(build.path)
            try AtomicFile.moveIntoPlace(build.path, as: build.final)
        } catch {
            if error.operation != .syncDirectory {
                throw RunFailure(error) { "nothing committed, the state is as it was: \($0)" }
            }
            self.build = nil
            throw RunFailure(error) { "the state is in place, but a power loss now could lose it: \($0)" }
        }
        self.build = nil
    }

    /// Releases the lock (the database connection closes when the value goes). The advisory lock is
    /// given back before this returns, so a run started right after this process ends finds it free;
    /// the server would free it only once it has seen the connection close.
    func release() {
        // A first run that did not publish its database leaves no state behind.
        if let build { unlink(build.path) }
        fileLock?.release()
        if let advisoryLock { Self.releaseRunLock(database.connection, schema: advisoryLock) }
    }

    static func isPostgreSQL(_ state: String) -> Bool {
        state.hasPrefix("postgresql://") || state.hasPrefix("postgres://")
    }

    /// Opens the state and takes its lock, creating a new SQLite state under the lock (so of two
    /// first runs on one folder the second is refused as locked). `whileLocked` runs once the lock
    /// is held, before the state is read. A dry run on a folder with no state yet works on an
    /// empty database in memory and writes nothing at all; on an existing state it leaves the
    /// schema to the run, which upgrades it inside the transaction it rolls back.
    static func openLocked(_ state: String, dryRun: Bool, wait: Bool, whileLocked: () -> Void) throws -> StateAccess {
        if isPostgreSQL(state) {
            let (connection, lock) = try lockedPostgreSQL(state, wait: wait)
            whileLocked()
            return StateAccess(
                database: try StateDatabase(connection: connection, schema: dryRun ? .inCallersTransaction : .now),
                place: StatePlace.postgreSQL, fileLock: nil, advisoryLock: lock)
        }
        let file = state + "/" + sqliteFileName
        try refuseOldOrForeign(state)
        if dryRun, !StoreFiles.exists(file) {
            whileLocked()
            return StateAccess(
                database: try StateDatabase(connection: SQLiteConnection(path: ":memory:")), place: state, fileLock: nil
            )
        }
        try makeDirectories(state)
        let lock = try StoreLock.acquire(storePath: state, wait: wait)
        whileLocked()
        do {
            if !dryRun, !StoreFiles.exists(file) {
                // A first run: what an earlier one killed mid-build left is no state; start over.
                for leftover in [file + buildSuffix, file + "-wal", file + "-shm", file + "-journal"] {
                    unlink(leftover)
                }
                let build = Build(path: file + buildSuffix, final: file)
                return StateAccess(
                    database: try StateDatabase(connection: SQLiteConnection(path: build.path, journal: .none)),
                    place: state, fileLock: lock, build: build)
            }
            return StateAccess(
                database: try StateDatabase(
                    opening: .sqlite(path: file), schema: dryRun ? .inCallersTransaction : .now),
                place: state, fileLock: lock)
        } catch {
            lock.release()
            throw error
        }
    }

    /// Opens an existing state for reading (status, log, explain, verify): no lock, since SQLite's
    /// WAL and PostgreSQL both show a reader the last commit while a run writes.
    static func openExisting(_ state: String) throws -> StateAccess {
        let location: StateLocation
        let place: String
        if isPostgreSQL(state) {
            (location, place) = (.postgresql(conninfo: state), StatePlace.postgreSQL)
        } else {
            (location, place) = (.sqlite(path: try existingSQLiteFile(state)), state)
        }
        do {
            // Read-only: nothing is migrated (a run upgrades the schema, under the lock).
            return StateAccess(
                database: try StateDatabase(opening: location, schema: .never), place: place, fileLock: nil)
        } catch let error as DatabaseError where error.statement == "read schema_migrations" && error.kind == .other {
            let what =
                location == .postgresql(conninfo: state)
                ? "the PostgreSQL database (its schema has no tables)" : "'\(state)'"
            throw RunFailure(.usage, "\(what) holds no state yet: run `reconcile run` first")
        }
    }

    /// Opens an existing state and takes its lock for a maintenance command (gc, close), migrating
    /// it as a run would.
    static func openLockedExisting(_ state: String, wait: Bool) throws -> StateAccess {
        if !isPostgreSQL(state) { _ = try existingSQLiteFile(state) }
        return try openLocked(state, dryRun: false, wait: wait) {}
    }

    /// The SQLite file of a state folder that must already hold one.
    private static func existingSQLiteFile(_ state: String) throws -> String {
        try refuseOldOrForeign(state)
        let file = state + "/" + sqliteFileName
        guard StoreFiles.exists(file) else {
            throw RunFailure(.usage, "no state at '\(state)': run `reconcile run` first")
        }
        return file
    }

    /// A worker's view of the state (``NightWorker``), its schema brought up to date under the run
    /// lock if it is not: of workers arriving at an empty schema, one creates the tables. A worker
    /// holds no lock otherwise.
    static func workerDatabase(_ connection: PostgreSQLConnection) throws -> StateDatabase {
        if let current = try? StateDatabase(connection: connection, schema: .never) { return current }
        let schema = try runLockKey(connection)
        _ = try takeRunLock(connection, schema: schema, wait: true)
        defer { releaseRunLock(connection, schema: schema) }
        return try StateDatabase(connection: connection, schema: .now)
    }

    /// Takes the run lock of `schema`'s state, waiting for it or not; false: another session holds it.
    private static func takeRunLock(_ connection: any DatabaseConnection, schema: Int64, wait: Bool) throws -> Bool {
        let sql =
            wait
            ? "SELECT CAST(1 AS BIGINT) FROM (SELECT pg_advisory_lock(CAST(? AS INTEGER), CAST(? AS INTEGER))) AS waited"
            : "SELECT CAST(CASE WHEN pg_try_advisory_lock(CAST(? AS INTEGER), CAST(? AS INTEGER)) THEN 1 ELSE 0 END AS BIGINT)"
        return try connection.prepare(sql, name: "take the run lock")
            .fetchOne([.integer(advisoryLockClass), .integer(schema)]) { try $0.get(0, as: Int64.self) } == 1
    }

    /// Gives the run lock back now (the server would free it only once it has seen the session end).
    private static func releaseRunLock(_ connection: any DatabaseConnection, schema: Int64) {
        _ = try? connection.prepare(
            "SELECT CAST(CASE WHEN pg_advisory_unlock(CAST(? AS INTEGER), CAST(? AS INTEGER)) THEN 1 ELSE 0 END AS BIGINT)",
            name: "release the run lock"
        )
        .fetchOne([.integer(advisoryLockClass), .integer(schema)]) { try $0.get(0, as: Int64.self) }
    }

    /// The run lock's schema half: a hash of the state's schema.
    private static func runLockKey(_ connection: PostgreSQLConnection) throws -> Int64 {
        try connection.prepare(
            "SELECT CAST(hashtext(COALESCE(current_schema(), '')) AS BIGINT)", name: "the run lock's key"
        )
        .fetchOne { try $0.get(0, as: Int64.self) } ?? 0
    }

    /// A connection holding the run lock and the lock's schema half, taken before the schema is
    /// migrated, so that of two first runs on an empty schema only one creates the tables and the
    /// other is refused as locked.
    private static func lockedPostgreSQL(_ state: String, wait: Bool) throws -> (PostgreSQLConnection, Int64) {
        let connection = try PostgreSQLConnection(conninfo: state)
        // Who holds the lock is told by the session's application_name, as the lock file tells it on
        // SQLite: another run refused reads it from pg_stat_activity.
        try connection.execute(script: "SET application_name = '\(holderName(.current()))'", name: "name the session")
        let schema = try runLockKey(connection)
        if try !takeRunLock(connection, schema: schema, wait: wait) {
            let holder = try? connection.prepare(
                """
                SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                  AND l.classid = CAST(CAST(? AS INTEGER) AS oid) AND l.objid = CAST(CAST(? AS INTEGER) AS oid)
                """, name: "who holds the run lock"
            )
            .fetchOne([.integer(advisoryLockClass), .integer(schema)]) { try $0.get(0, as: String.self) }
            throw StoreError.locked(path: StatePlace.postgreSQL, holder: holder.flatMap(parseHolderName))
        }
        return (connection, schema)
    }

    /// `reconcile <pid> <host> <started>`: the holder in a session's application_name (at most 63
    /// bytes; the host keeps only letters, digits, `.`, `-` and `_`, and is cut to fit).
    static func holderName(_ holder: LockHolder) -> String {
        let host = String(
            holder.host.unicodeScalars.filter {
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0))
            }.prefix(20))
        return "reconcile \(holder.pid) \(host.isEmpty ? "-" : host) \(holder.started)"
    }

    static func parseHolderName(_ name: String) -> LockHolder? {
        let parts = name.split(separator: " ")
        guard parts.count == 4, parts[0] == "reconcile", let pid = Int32(parts[1]), let started = Int64(parts[3]) else {
            return nil
        }
        return LockHolder(pid: pid, host: String(parts[2]), started: started)
    }

    /// A folder of an earlier build's store (packs, snapshots, `FORMAT`) is refused: this build
    /// reads none of it (exit 70). A folder holding anything but a state is not touched (exit 64).
    private static func refuseOldOrForeign(_ state: String) throws {
        guard StoreFiles.exists(state) else { return }
        if StoreFiles.exists(state + "/FORMAT") {
            throw RunFailure(
                .internalError,
                """
                '\(state)' holds a state store of an earlier build (pack files and snapshots); this build keeps the state in \
                a database (\(sqliteFileName)) and reads none of it: run the inbox's history into a new --state folder
                """)
        }
        let own = Set([
            "lock", sqliteFileName, sqliteFileName + "-wal", sqliteFileName + "-shm", sqliteFileName + "-journal",
            sqliteFileName + buildSuffix,
        ])
        if try StoreFiles.list(state).contains(where: { !own.contains($0) }) { throw StoreError.notAStore(path: state) }
    }

    private static func makeDirectories(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            try StoreFiles.makeDirectory(prefix)
        }
    }
}
