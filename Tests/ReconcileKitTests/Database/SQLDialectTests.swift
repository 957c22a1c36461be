import Testing

@testable import ReconcileKit

/// The dialect seam: one SQL text, each engine's spelling.
@Suite struct SQLDialectTests {
    @Test func placeholdersAreNumberedForPostgreSQLOnly() {
        let sql = "SELECT a FROM t WHERE b = ? AND c = '?' AND \"d?\" = ? -- why?\n AND e = ? /* ? */ AND f = ?"
        #expect(DatabaseEngine.sqlite.sql(sql) == sql)
        #expect(
            DatabaseEngine.postgresql.sql(sql)
                == "SELECT a FROM t WHERE b = $1 AND c = '?' AND \"d?\" = $2 -- why?\n AND e = $3 /* ? */ AND f = $4")
        #expect(DatabaseEngine.postgresql.sql("VALUES ('it''s ?', ?)") == "VALUES ('it''s ?', $1)")
    }

    @Test func schemaTokens() {
        let sql =
            "CREATE TABLE t (a {INT} NOT NULL, b {BLOB}, PRIMARY KEY (a)) {STRICT_WITHOUT_ROWID}; CREATE TABLE u (a {INT}) {STRICT}"
        #expect(
            DatabaseEngine.sqlite.sql(sql)
                == "CREATE TABLE t (a INTEGER NOT NULL, b BLOB, PRIMARY KEY (a)) STRICT, WITHOUT ROWID; CREATE TABLE u (a INTEGER) STRICT"
        )
        #expect(
            DatabaseEngine.postgresql.sql(sql)
                == "CREATE TABLE t (a BIGINT NOT NULL, b BYTEA, PRIMARY KEY (a)) ; CREATE TABLE u (a BIGINT) ")
    }
}
