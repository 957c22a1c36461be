/// The content-addressed objects: canonical bytes stored zlib-compressed (or as they are, when that
/// is smaller) under their SHA-256. An object is never overwritten: storing one that exists changes
/// nothing. What is read is decompressed and re-hashed; a mismatch is a ``StateError`` naming it.
final class ObjectTable {
    static let table = "objects"
    private let connection: any DatabaseConnection
    private let insert: BatchStatement
    private let stageInsert: BatchStatement
    private var stagingCreated = false
    private let select: BatchStatement
    private let exists: BatchStatement
    private let deflater = StoreDeflater(level: StoreDeflater.objectLevel)
    private let inflater = StoreInflater()

    init(_ db: any DatabaseConnection) {
        connection = db
        insert = BatchStatement(db, name: "insert objects", maxRows: 128) { rows in
            "INSERT INTO objects (sha256, compression, size, bytes) VALUES \(BatchStatement.tuples(rows, width: 4)) ON CONFLICT (sha256) DO NOTHING"
        }
        stageInsert = BatchStatement(
            db, name: "stage objects", maxRows: 128, insertInto: "staged_objects",
            columns: ["sha256", "compression", "size", "bytes"])
        select = BatchStatement(db, name: "select objects") { rows in
            "SELECT sha256, compression, size, bytes FROM objects WHERE sha256 IN (\(BatchStatement.list(rows)))"
        }
        exists = BatchStatement(db, name: "select object ids") { rows in
            "SELECT sha256 FROM objects WHERE sha256 IN (\(BatchStatement.list(rows)))"
        }
    }

    /// Stores each canonical byte string under its SHA-256, unless already stored; returns the ids
    /// in the order given.
    @discardableResult
    func store(_ objects: [[UInt8]]) throws -> [ObjectID] {
        let (ids, rows) = self.rows(objects)
        try insert.execute(rows) { row, values in values.append(contentsOf: row) }
        return ids
    }

    /// Holds objects in a temporary table, appended as they come, until ``storeStaged()`` stores
    /// them all in hash order: inserted as they came, each would land on a random leaf of the
    /// objects' key, a B-tree far larger than the page cache on a large load. Staged objects are
    /// not readable before that.
    func stage(_ objects: [[UInt8]]) throws {
        if !stagingCreated {
            try connection.execute(
                script: """
                    CREATE TEMP TABLE IF NOT EXISTS staged_objects (
                        sha256 {BLOB} NOT NULL, compression TEXT NOT NULL, size {INT} NOT NULL, bytes {BLOB} NOT NULL)
                    """, name: "create staged_objects")
            stagingCreated = true
        }
        try stageInsert.execute(rows(objects).rows) { row, values in values.append(contentsOf: row) }
    }

    /// Stores the staged objects not stored yet, in hash order (the engine sorts them), and empties
    /// the staging table.
    func storeStaged() throws {
        guard stagingCreated else { return }
        // `WHERE true`: SQLite would read `ON CONFLICT` as a join's ON without it.
        try connection.execute(
            script: """
                INSERT INTO objects (sha256, compression, size, bytes)
                SELECT sha256, compression, size, bytes FROM staged_objects WHERE true ORDER BY sha256
                ON CONFLICT (sha256) DO NOTHING;
                DROP TABLE staged_objects
                """, name: "store staged objects")
        stagingCreated = false
    }

    /// Each object's id, in the order given, and the row of each distinct one.
    private func rows(_ objects: [[UInt8]]) -> (ids: [ObjectID], rows: [[DatabaseValue]]) {
        var ids: [ObjectID] = []
        ids.reserveCapacity(objects.count)
        var seen = Set<ObjectID>()
        var rows: [[DatabaseValue]] = []
        for bytes in objects {
            let id = ObjectID(digestOf: bytes)
            ids.append(id)
            guard seen.insert(id).inserted else { continue }
            let compressed = deflater.compress(bytes)
            let (compression, stored) = compressed.count < bytes.count ? ("zlib", compressed) : ("none", bytes)
            rows.append([id.databaseValue, .text(compression), .integer(Int64(bytes.count)), .blob(stored)])
        }
        return (ids, rows)
    }

    /// Stores one object unless already stored.
    @discardableResult
    func store(_ bytes: [UInt8]) throws -> ObjectID { try store([bytes])[0] }

    /// The canonical bytes of each stored object among `ids`, checked against its name; absent ids
    /// are absent from the result.
    func read(_ ids: [ObjectID]) throws -> [ObjectID: [UInt8]] {
        var found: [ObjectID: [UInt8]] = [:]
        // In hash order (``BatchStatement/query(_:values:row:)``): neighbouring keys share pages.
        try select.query(Array(Set(ids))) { id, values in
            values.append(id.databaseValue)
        } row: { row in
            let id = try row.objectID(0, table: Self.table, key: "?")
            found[id] = try decode(id: id, compression: try row.get(1), size: try row.get(2), stored: try row.get(3))
        }
        return found
    }

    /// One object's canonical bytes, or nil when it is not stored.
    func read(_ id: ObjectID) throws -> [UInt8]? { try read([id])[id] }

    /// The ids among `ids` that are stored.
    func contains(_ ids: [ObjectID]) throws -> Set<ObjectID> {
        var found = Set<ObjectID>()
        try exists.query(Array(Set(ids))) { id, values in
            values.append(id.databaseValue)
        } row: { row in
            found.insert(try row.objectID(0, table: Self.table, key: "?"))
        }
        return found
    }

    private func decode(id: ObjectID, compression: String, size: Int, stored: [UInt8]) throws(StateError) -> [UInt8] {
        func damaged(_ reason: String) -> StateError {
            StateError(.damagedObject, table: Self.table, key: id.hex, reason: reason)
        }
        let bytes: [UInt8]
        switch compression {
        case "zlib":
            switch inflater.decompress(stored, expectedSize: size) {
            case .success(let inflated): bytes = inflated
            case .failure(let failure): throw damaged(failure.reason)
            }
        case "none": bytes = stored
        default: throw damaged("unknown compression")
        }
        guard bytes.count == size else { throw damaged("holds \(bytes.count) bytes, expected \(size)") }
        guard ObjectID(digestOf: bytes) == id else { throw damaged("the bytes hash to another object") }
        return bytes
    }
}
