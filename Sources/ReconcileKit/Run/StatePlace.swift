/// How messages and logs name a state (`--state`): a folder as given; a PostgreSQL URL never, since
/// it may hold a password.
package enum StatePlace {
    static let postgreSQL = "the PostgreSQL state"

    package static func describing(_ state: String) -> String {
        StateAccess.isPostgreSQL(state) ? postgreSQL : state
    }
}
