import Testing

@testable import ReconcileKit

/// Batched keyed lookups: the keys go to the engine in its own key order, and every key is found
/// whatever order it came in.
@Suite struct BatchStatementTests {
    /// Pieces that order differently by UTF-8 bytes than by Swift's `<` (which compares canonically
    /// equivalent spellings as equal) or by case.
    static let pieces = [
        "a", "Z", "é", "e\u{301}", "ü", "😀", "tenant_1", "tenant_10", "t2", "", "_global", "\u{7F}", "ÿ",
    ]

    static func randomKey(_ random: inout SplitMix64) -> [DatabaseValue] {
        let text = (0..<(1 + random.below(3))).map { _ in pieces[random.below(pieces.count)] }.joined()
        let second: DatabaseValue =
            switch random.below(4) {
            case 0: .null
            case 1: .integer(Int64(random.below(2_000)) - 1_000)
            case 2: .text(pieces[random.below(pieces.count)])
            default: .blob((0..<random.below(3)).map { _ in UInt8(random.below(256)) })
            }
        return [.text(text), second]
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func keysGoInTheOrderSQLiteKeepsThem(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let keys = (0..<300).map { _ in Self.randomKey(&random) }
        let test = try TestDatabase(.sqlite)
        let db = test.connection
        try db.execute(script: "CREATE TABLE k (a TEXT, b BLOB, n INTEGER)", name: "create")
        for (n, key) in keys.enumerated() {
            _ = try db.prepare("INSERT INTO k (a, b, n) VALUES (?, ?, ?)").execute(key + [.integer(Int64(n))])
        }
        let engine = try db.prepare("SELECT a, b FROM k ORDER BY a, b, n").fetchAll { row in
            [DatabaseValue.text(try row.get(0)), try row.get(1, as: DatabaseValue.self)]
        }
        var flat = DatabaseValue.Keys()
        for key in keys { flat.add { $0 += key } }
        let swift = flat.inKeyOrder().map { keys[$0] }
        #expect(swift == engine)
    }

    /// Any kind of value at any place of the key, zero bytes included: the bytes keys are sorted by
    /// keep each value apart from the next.
    @Test(arguments: [5, 6, 7] as [UInt64])
    func keysOfAnyValuesGoInTheOrderSQLiteKeepsThem(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        func value() -> DatabaseValue {
            switch random.below(4) {
            case 0: .null
            case 1: .integer([Int64.min, -1, 0, 1, 255, 256, Int64.max][random.below(7)])
            case 2:
                .text((0..<random.below(3)).map { _ in ["", "\u{0}", "a", "\u{0}a", "é"][random.below(5)] }.joined())
            default: .blob((0..<random.below(3)).map { _ in [0, 1, 0xFF][random.below(3)] })
            }
        }
        let keys = (0..<400).map { _ in [value(), value(), value()] }
        let test = try TestDatabase(.sqlite)
        let db = test.connection
        try db.execute(script: "CREATE TABLE k (a, b, c, n INTEGER)", name: "create")
        for (n, key) in keys.enumerated() {
            _ = try db.prepare("INSERT INTO k (a, b, c, n) VALUES (?, ?, ?, ?)").execute(key + [.integer(Int64(n))])
        }
        let engine = try db.prepare("SELECT n FROM k ORDER BY a, b, c, n").fetchAll { row in
            keys[Int(try row.get(0) as Int64)]
        }
        var flat = DatabaseValue.Keys()
        for key in keys { flat.add { $0 += key } }
        #expect(flat.inKeyOrder().map { keys[$0] } == engine)
    }

    @Test(arguments: TestDatabase.engines)
    func aLookupOfKeysInAnyOrderFindsEachOnce(engine: DatabaseEngine) throws {
        var random = SplitMix64(seed: 7)
        let test = try TestDatabase(engine)
        let db = test.connection
        try db.execute(
            script:
                "CREATE TABLE stored (tenant_id TEXT NOT NULL, id TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (tenant_id, id))",
            name: "create")
        var stored: [String: Int64] = [:]
        for n in 0..<700 {
            let tenant = Self.pieces[random.below(Self.pieces.count)] + "t\(random.below(5))"
            let id = "id_\(random.below(100_000))"
            guard stored["\(tenant)/\(id)"] == nil else { continue }
            stored["\(tenant)/\(id)"] = Int64(n)
            _ = try db.prepare("INSERT INTO stored (tenant_id, id, n) VALUES (?, ?, ?)").execute(
                .text(tenant), .text(id), .integer(Int64(n)))
        }
        // Every stored key and as many absent ones, shuffled.
        var asked = stored.keys.map { $0.split(separator: "/", maxSplits: 1).map(String.init) }
        asked += asked.map { [$0[0], $0[1] + "_absent"] }
        asked.shuffle(using: &random)
        let lookup = BatchStatement(db, name: "lookup") { rows in
            BatchStatement.keyed("stored.tenant_id, stored.id, n", from: "stored", by: ["tenant_id", "id"], rows: rows)
        }
        var found: [String: Int64] = [:]
        var rows = 0
        try lookup.query(asked, values: { $1 += [.text($0[0]), .text($0[1])] }) { row in
            found["\(try row.get(0, as: String.self))/\(try row.get(1, as: String.self))"] = try row.get(2)
            rows += 1
        }
        #expect(found == stored)
        #expect(rows == stored.count)
    }
}
