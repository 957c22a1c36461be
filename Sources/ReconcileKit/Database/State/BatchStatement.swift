/// One query over many rows at once: keyed lookups (``keyed(_:from:by:rows:then:)``) and multi-row inserts, run in
/// chunks so a batch of any size costs a round trip per chunk, not per row. Chunks have power-of-two sizes
/// up to ``maxRows``, so at most one statement per size is ever prepared (and reused) for a query.
final class BatchStatement {
    let connection: any DatabaseConnection
    let name: String
    let maxRows: Int
    /// The SQL for a chunk of `rows` rows.
    private let sql: (_ rows: Int) -> String
    private var prepared: [Int: any PreparedStatement] = [:]

    /// A plain insert's table and columns: on PostgreSQL its rows go in by `COPY`.
    private let copy: (table: String, columns: [String])?

    private init(
        _ connection: any DatabaseConnection, name: String, maxRows: Int, sql: @escaping (_ rows: Int) -> String,
        copy: (table: String, columns: [String])?
    ) {
        precondition(maxRows > 0 && maxRows & (maxRows - 1) == 0, "a chunk size is a power of two")
        self.connection = connection
        self.name = name
        self.maxRows = maxRows
        self.sql = sql
        self.copy = copy
    }

    convenience init(
        _ connection: any DatabaseConnection, name: String, maxRows: Int = 256, sql: @escaping (_ rows: Int) -> String
    ) {
        self.init(connection, name: name, maxRows: maxRows, sql: sql, copy: nil)
    }

    /// A plain `INSERT INTO table (columns) VALUES …`: multi-row statements on SQLite; on PostgreSQL
    /// one `COPY … FROM STDIN (FORMAT binary)` per ``execute(_:values:)`` (a cold load's millions of
    /// rows, parsed by the server as they stream, with no statement per chunk).
    convenience init(
        _ connection: any DatabaseConnection, name: String, maxRows: Int = 256, insertInto table: String,
        columns: [String]
    ) {
        self.init(
            connection, name: name, maxRows: maxRows,
            sql: { rows in
                "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(BatchStatement.tuples(rows, width: columns.count))"
            }, copy: (table, columns))
    }

    /// `rows` tuples of `width` placeholders: `(?, ?), (?, ?)`.
    static func tuples(_ rows: Int, width: Int) -> String {
        let one = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        return Array(repeating: one, count: rows).joined(separator: ", ")
    }

    /// A lookup of `rows` keys at once: `WITH keys (k1, …) AS (VALUES (?, …), …) SELECT columns
    /// FROM keys JOIN table ON column1 = k1 AND …`, then `then` (an ORDER BY or GROUP BY). Each
    /// engine answers it with the table's index on `keyColumns`: SQLite plans a row-value
    /// `IN (VALUES …)` of more than one row as a scan of the whole table. `columns` and `then` name
    /// the table's columns bare.
    static func keyed(_ columns: String, from table: String, by keyColumns: [String], rows: Int, then: String = "")
        -> String
    {
        let names = keyColumns.indices.map { "k\($0 + 1)" }
        let on = zip(keyColumns, names).map { "\(table).\($0) = keys.\($1)" }.joined(separator: " AND ")
        return "WITH keys (\(names.joined(separator: ", "))) AS (VALUES \(tuples(rows, width: keyColumns.count))) "
            + "SELECT \(columns) FROM keys JOIN \(table) ON \(on)" + (then.isEmpty ? "" : " \(then)")
    }

    /// `count` placeholders: `?, ?, ?`.
    static func list(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// Runs the statement over `items` in chunks, each item giving its values through `values`;
    /// returns the rows changed.
    @discardableResult
    func execute<Item>(_ items: [Item], values: (Item, inout [DatabaseValue]) -> Void) throws -> Int {
        if let copy, connection.engine == .postgresql {
            guard !items.isEmpty else { return 0 }
            return try withoutActuallyEscaping(values) { values in
                try connection.bulkLoad(
                    into: copy.table, columns: copy.columns,
                    rows: items.lazy.map { item in
                        var row: [DatabaseValue] = []
                        values(item, &row)
                        return row
                    })
            }
        }
        var changed = 0
        try forEachChunk(items, values: values) { statement, bound in changed += try statement.execute(bound) }
        return changed
    }

    /// Runs the query over `items` in chunks and hands every row of every chunk to `row`, in no
    /// particular order. The items go in the order of their values (as the engine orders keys:
    /// integers, then text and blobs by their bytes), so each lookup's descent shares pages with the
    /// one before: measured on a 1M-event state, 20k platform bookings by session took half the
    /// time of the same lookups in hash order.
    func query<Item>(
        _ items: [Item], values: (Item, inout [DatabaseValue]) -> Void, row: (any DatabaseRow) throws -> Void
    ) throws {
        var keys = DatabaseValue.Keys()
        for item in items { keys.add { values(item, &$0) } }
        try forEachChunk(keys.inKeyOrder(), values: { keys.append($0, to: &$1) }) { statement, bound in
            try statement.query(bound, row: row)
        }
    }

    private func forEachChunk<Item>(
        _ items: [Item], values: (Item, inout [DatabaseValue]) -> Void,
        _ run: (any PreparedStatement, [DatabaseValue]) throws -> Void
    ) throws {
        var start = 0
        var bound: [DatabaseValue] = []
        while start < items.count {
            var size = maxRows
            while size > items.count - start { size >>= 1 }
            bound.removeAll(keepingCapacity: true)
            for item in items[start..<(start + size)] { values(item, &bound) }
            try run(try statement(rows: size), bound)
            start += size
        }
    }

    private func statement(rows: Int) throws(DatabaseError) -> any PreparedStatement {
        if let statement = prepared[rows] { return statement }
        let statement = try connection.prepare(sql(rows), name: name)
        prepared[rows] = statement
        return statement
    }
}

extension DatabaseValue {
    /// Keys of one or more values, held flat, that sort in the order an index keeps them: NULL,
    /// integers, text by UTF-8 bytes, blobs by bytes, value by value. Each key is also written once
    /// as bytes whose `memcmp` order is that order (a tag per value; integers big-endian with the
    /// sign bit flipped; text and blobs with each 0 byte written 0 FF and ended by 0 0), so sorting
    /// compares bytes and touches no String or array (sorted as `[[DatabaseValue]]`, the
    /// comparisons' retains and releases were ~6 % of a cold load).
    struct Keys {
        private var values: [DatabaseValue] = []
        private var ends: [Int] = []
        private var bytes: [UInt8] = []
        private var byteEnds: [Int] = []

        var count: Int { ends.count }

        /// Adds the key `fill` appends to the values.
        mutating func add(_ fill: (inout [DatabaseValue]) -> Void) {
            let start = values.count
            fill(&values)
            ends.append(values.count)
            for value in values[start...] {
                switch value {
                case .null: bytes.append(1)
                case .integer(let v):
                    bytes.append(2)
                    withUnsafeBytes(of: (UInt64(bitPattern: v) ^ (1 << 63)).bigEndian) { bytes.append(contentsOf: $0) }
                case .text(let v):
                    bytes.append(3)
                    escape(v.utf8)
                case .blob(let v):
                    bytes.append(4)
                    escape(v)
                }
            }
            byteEnds.append(bytes.count)
        }

        private mutating func escape(_ raw: some Sequence<UInt8>) {
            for byte in raw {
                bytes.append(byte)
                if byte == 0 { bytes.append(0xFF) }
            }
            bytes.append(0)
            bytes.append(0)
        }

        /// The keys' positions in key order.
        func inKeyOrder() -> [Int] {
            var order = Array(0..<count)
            bytes.withUnsafeBufferPointer { b in
                byteEnds.withUnsafeBufferPointer { e in
                    order.sort { i, j in
                        String.compareBytes(
                            UnsafeBufferPointer(rebasing: b[(i == 0 ? 0 : e[i - 1])..<e[i]]),
                            UnsafeBufferPointer(rebasing: b[(j == 0 ? 0 : e[j - 1])..<e[j]])) < 0
                    }
                }
            }
            return order
        }

        /// Appends the values of the key at `position`.
        func append(_ position: Int, to bound: inout [DatabaseValue]) {
            bound.append(contentsOf: values[(position == 0 ? 0 : ends[position - 1])..<ends[position]])
        }
    }
}

/// One statement prepared on first use and kept.
final class LazyStatement {
    let connection: any DatabaseConnection
    let name: String
    let sql: String
    private var prepared: (any PreparedStatement)?

    init(_ connection: any DatabaseConnection, name: String, sql: String) {
        self.connection = connection
        self.name = name
        self.sql = sql
    }

    var statement: any PreparedStatement {
        get throws(DatabaseError) {
            if let prepared { return prepared }
            let statement = try connection.prepare(sql, name: name)
            prepared = statement
            return statement
        }
    }
}

extension Array {
    /// The elements whose key no later element has, in order: one multi-row upsert may not touch a
    /// row twice (PostgreSQL refuses it), and the later value is the newer one.
    func lastOfEachKey<Key: Hashable>(_ key: (Element) -> Key) -> [Element] {
        var last: [Key: Int] = [:]
        for (i, element) in enumerated() { last[key(element)] = i }
        return indices.filter { last[key(self[$0])] == $0 }.map { self[$0] }
    }
}
