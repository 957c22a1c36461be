import Testing

@testable import ReconcileKit

/// The passwords a connection string holds are found in every place libpq takes one, as written and
/// percent-decoded, and masked in a message; a string without one changes nothing.
@Suite struct PostgreSQLConninfoTests {
    @Test(arguments: [
        ("postgresql://u:pw@host/db", ["pw"]),
        ("postgres://u:p%40ss@host:5432/db?sslmode=require", ["p%40ss", "p@ss"]),
        ("postgresql://u:a@b@host/db", ["a@b", "a"]),
        ("postgresql://u@host/db?application_name=x&password=se%2Fcret", ["se%2Fcret", "se/cret"]),
        ("host=db user=u password=secret dbname=ledger", ["secret"]),
        ("host=db password='quoted' dbname=ledger", ["quoted"]),
        ("postgresql://u:@host/db", []),
        ("postgresql://postgres@127.0.0.1:55432/postgres?options=-csearch_path%3Ds1", []),
    ])
    func findsEveryPassword(conninfo: String, secrets: [String]) {
        #expect(Set(PostgreSQLConninfo.secrets(in: conninfo)) == Set(secrets))
    }

    @Test func masksThePasswordAndTheWholeString() {
        let url = "postgresql://u:s3cret%zz@host/db"
        #expect(
            PostgreSQLConninfo.redacting(url, in: #"invalid percent-encoded token: "s3cret%zz""#)
                == #"invalid percent-encoded token: "***""#)
        #expect(PostgreSQLConninfo.redacting(url, in: #"in URI: "\#(url)""#) == #"in URI: "the connection string""#)
        #expect(
            PostgreSQLConninfo.redacting("postgresql://u@host/db", in: "connection refused") == "connection refused")
    }
}
