/// One check of ``StateDatabase/verify(limit:)``: a query whose every row is an offending row,
/// its key first. It runs as `SELECT … ORDER BY key LIMIT n`; when more rows offend than are
/// listed, a count names how many more.
struct StateCheck: Sendable {
    let kind: StateProblem.Kind
    /// The table the offending rows are in.
    let table: String
    /// How many leading columns of ``sql`` are the row's key; the rest are the details ``reason``
    /// is given, formatted as the key is.
    let keyColumns: Int
    /// `SELECT key columns, detail columns FROM … WHERE …`, in the shared dialect, without
    /// `ORDER BY` or `LIMIT`.
    let sql: String
    let reason: @Sendable ([String]) -> String

    /// The offending rows, at most `limit` of them, and a problem with key `*` saying how many
    /// more there are.
    func run(on db: any DatabaseConnection, limit: Int) throws -> [StateProblem] {
        let order = (1...keyColumns).map(String.init).joined(separator: ", ")
        let select = try db.prepare(
            "SELECT * FROM (\(sql)) AS offending ORDER BY \(order) LIMIT ?", name: "verify \(table): \(kind.rawValue)")
        var problems: [StateProblem] = []
        var more = false
        try select.query([.integer(Int64(limit) + 1)]) { row in
            guard problems.count < limit else {
                more = true
                return
            }
            let values = try row.values.map(Self.text)
            problems.append(
                StateProblem(
                    kind, table: table, key: values[..<keyColumns].joined(separator: "/"),
                    reason(Array(values[keyColumns...]))))
        }
        if more {
            let count =
                try db.prepare("SELECT count(*) FROM (\(sql)) AS offending", name: "verify \(table): count")
                .fetchOne { try $0.get(0, as: Int.self) } ?? 0
            problems.append(.more(count - limit, kind: kind, table: table))
        }
        return problems
    }

    /// A column value as verify prints it: text as it is, integers in decimal, bytes in hex.
    static func text(_ value: DatabaseValue) -> String {
        switch value {
        case .null: "NULL"
        case .integer(let v): String(v)
        case .text(let s): s
        case .blob(let bytes): hex(bytes)
        }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A column (or columns) naming a row of another table: verify checks that the row is there.
struct StateReference: Sendable {
    let table: String
    /// The key of ``table``'s rows, to name the offending ones.
    let key: [String]
    let columns: [String]
    let target: String
    let targetColumns: [String]
    /// An extra condition on the target row, its columns prefixed `t.` (`t.kind = 'event'`).
    var targetCondition: String? = nil

    /// The anti-join: rows of ``table`` whose columns name no row of ``target``. A NULL names
    /// nothing and is not checked.
    func check(_ engine: DatabaseEngine) -> StateCheck {
        let present = columns.map { "c.\($0) IS NOT NULL" }
        let absent = engine.noRow(
            of: target, targetColumns, matching: columns.map { "c.\($0)" }, where: targetCondition)
        let sql = """
            SELECT \((key + columns).map { "c.\($0)" }.joined(separator: ", ")) FROM \(table) c
            WHERE \(present.joined(separator: " AND ")) AND \(absent)
            """
        let (target, condition) = (target, targetCondition.map { " where \($0)" } ?? "")
        return StateCheck(kind: .missingReference, table: table, keyColumns: key.count, sql: sql) { values in
            "\(columns.joined(separator: ", ")) \(values.joined(separator: "/")) is not in \(target)\(condition)"
        }
    }
}

extension DatabaseEngine {
    /// The condition "no row of `target` (alias `t`) has `targetColumns` equal to `columns`", in
    /// the form this engine runs in one pass over each side. PostgreSQL plans `NOT EXISTS` as a
    /// hash anti-join. SQLite runs a correlated `NOT EXISTS` once per outer row, scanning the target
    /// each time unless an index leads with those columns, but runs `NOT IN (SELECT …)` through
    /// such an index or a list it builds once. A NULL in that list would make `NOT IN` true for no
    /// row: when a target column may be NULL (`targetMayBeNull`), NULLs are kept out of it.
    /// `condition` restricts the target rows, its columns prefixed `t.`.
    func noRow(
        of target: String, _ targetColumns: [String], matching columns: [String], where condition: String? = nil,
        targetMayBeNull: Bool = false
    ) -> String {
        let condition = condition.map { [$0] } ?? []
        switch self {
        case .postgresql:
            let match = zip(targetColumns, columns).map { "t.\($0) = \($1)" } + condition
            return "NOT EXISTS (SELECT 1 FROM \(target) t WHERE \(match.joined(separator: " AND ")))"
        case .sqlite:
            let filter = (targetMayBeNull ? targetColumns.map { "t.\($0) IS NOT NULL" } : []) + condition
            return """
                (\(columns.joined(separator: ", "))) NOT IN (SELECT \(targetColumns.map { "t.\($0)" }.joined(separator: ", ")) FROM \(target) t\
                \(filter.isEmpty ? "" : " WHERE " + filter.joined(separator: " AND ")))
                """
        }
    }
}
