/// What ``StateDatabase/gc()`` removed.
struct GCResult: Equatable, Sendable {
    /// Objects no row named.
    var objectsRemoved: Int
    /// Their stored (compressed) bytes. The compaction gives the space back to the file system
    /// (SQLite) or to the table (PostgreSQL).
    var bytesFreed: Int64

    init(objectsRemoved: Int = 0, bytesFreed: Int64 = 0) {
        self.objectsRemoved = objectsRemoved
        self.bytesFreed = bytesFreed
    }
}

extension StateDatabase {
    /// Deletes every object that no column of ``objectReferences`` names, in one transaction, then
    /// compacts: SQLite `VACUUM` (`PRAGMA incremental_vacuum` when the file's `auto_vacuum` is
    /// incremental) when it has free pages, PostgreSQL `VACUUM objects` when objects were deleted.
    /// Both run outside a transaction, so `gc` refuses to run inside one.
    ///
    /// Objects a run writes in its final transaction are invisible here until it commits. One
    /// committed before any row names it is garbage to gc: run gc under the state's lock. A
    /// reference added while gc deletes is held by the engine's foreign key: the delete fails
    /// rather than leave a row naming nothing.
    func gc() throws -> GCResult {
        guard !connection.isInTransaction else {
            throw DatabaseError(
                kind: .misuse, engine: engine, statement: "gc",
                message: "gc compacts outside a transaction, and one is open")
        }
        let unreferenced = Self.objectReferences.map { reference in
            engine.noRow(of: reference.table, reference.columns, matching: ["objects.sha256"], targetMayBeNull: true)
        }
        let delete = try connection.prepare(
            """
            DELETE FROM objects WHERE \(unreferenced.joined(separator: " AND ")) RETURNING CAST(length(bytes) AS BIGINT)
            """, name: "gc: delete unreferenced objects")
        let result = try transaction {
            var result = GCResult()
            try delete.query([]) { row in
                result.objectsRemoved += 1
                result.bytesFreed += try row.get(0, as: Int64.self)
            }
            return result
        }
        try compact(removed: result.objectsRemoved)
        return result
    }

    private func compact(removed: Int) throws {
        switch engine {
        case .sqlite:
            func pragma(_ name: String) throws -> Int {
                try connection.prepare("PRAGMA \(name)", name: "gc: \(name)").fetchOne { try $0.get(0, as: Int.self) }
                    ?? 0
            }
            guard try pragma("freelist_count") > 0 else { return }
            let incremental = try pragma("auto_vacuum") == 2
            try connection.execute(script: incremental ? "PRAGMA incremental_vacuum" : "VACUUM", name: "gc: compact")
        case .postgresql:
            guard removed > 0 else { return }
            try connection.execute(script: "VACUUM objects", name: "gc: compact")
        }
    }
}
