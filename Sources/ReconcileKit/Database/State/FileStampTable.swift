/// What `stat` said of each inbox path when its bytes were hashed (`file_stamps`): a file whose
/// stamp is unchanged is known by the hash without being read (SPEC §2).
final class FileStampTable {
    /// An inbox path's stamp and the hash of the bytes it had then.
    struct Entry: Sendable, Hashable {
        let path: String
        let stamp: FileStamp
        let file: ObjectID

        init(path: String, stamp: FileStamp, file: ObjectID) {
            self.path = path
            self.stamp = stamp
            self.file = file
        }
    }

    private let select: BatchStatement
    private let upsert: BatchStatement

    init(_ db: any DatabaseConnection) {
        select = BatchStatement(db, name: "select file stamps") { rows in
            BatchStatement.keyed(
                "path, size, modified_ns, changed_ns, inode, device, file", from: "file_stamps", by: ["path"],
                rows: rows)
        }
        upsert = BatchStatement(db, name: "upsert file stamps") { rows in
            "INSERT INTO file_stamps (path, size, modified_ns, changed_ns, inode, device, file) VALUES \(BatchStatement.tuples(rows, width: 7)) "
                + "ON CONFLICT (path) DO UPDATE SET size = excluded.size, modified_ns = excluded.modified_ns, "
                + "changed_ns = excluded.changed_ns, inode = excluded.inode, device = excluded.device, file = excluded.file"
        }
    }

    /// The stamps remembered for `paths`, by path.
    func lookup(_ paths: [String]) throws -> [String: Entry] {
        var found: [String: Entry] = [:]
        try select.query(paths, values: { $1.append(.text($0)) }) { row in
            let path: String = try row.get(0)
            let stamp = FileStamp(
                size: try row.get(1), modifiedNanos: try row.get(2), changedNanos: try row.get(3),
                inode: UInt64(bitPattern: try row.get(4, as: Int64.self)),
                device: UInt64(bitPattern: try row.get(5, as: Int64.self)))
            found[path] = Entry(path: path, stamp: stamp, file: try row.objectID(6, table: "file_stamps", key: "path"))
        }
        return found
    }

    /// Remembers each entry's stamp, replacing what its path had.
    func record(_ entries: [Entry]) throws {
        try upsert.execute(entries.lastOfEachKey(\.path)) { entry, values in
            values += [
                .text(entry.path), .integer(entry.stamp.size), .integer(entry.stamp.modifiedNanos),
                .integer(entry.stamp.changedNanos), .integer(Int64(bitPattern: entry.stamp.inode)),
                .integer(Int64(bitPattern: entry.stamp.device)), entry.file.databaseValue,
            ]
        }
    }
}
