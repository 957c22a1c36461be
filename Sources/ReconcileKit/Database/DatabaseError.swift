/// A failure of the database layer. It names the engine, the statement (its name or its SQL) and
/// the engine's own code and message, and never a bound value: values are customer data.
///
/// The engine's message is kept to what cannot hold a value: SQLite's messages name tables,
/// columns and constraints only; of a PostgreSQL error only the primary message is kept (its
/// DETAIL repeats the row), and for data exceptions (SQLSTATE class 22, e.g. "invalid input syntax
/// for type bigint: …") only the part before the first colon.
struct DatabaseError: Error, Equatable, Sendable, CustomStringConvertible {
    enum Kind: String, Sendable {
        /// A `UNIQUE` or primary key held: SQLite `SQLITE_CONSTRAINT_UNIQUE`/`_PRIMARYKEY`, SQLSTATE 23505.
        case uniqueViolation
        /// SQLite `SQLITE_CONSTRAINT_FOREIGNKEY`, SQLSTATE 23503.
        case foreignKeyViolation
        /// Any other constraint: CHECK, NOT NULL.
        case constraintViolation
        /// SQLSTATE 40001 or 40P01: the transaction may be retried.
        case serializationFailure
        /// SQLite `SQLITE_BUSY`/`SQLITE_LOCKED` after the busy timeout.
        case busy
        /// The connection could not be made or was lost (SQLSTATE class 08, libpq's connection status).
        case connection
        /// The database's schema version is newer than this build knows.
        case schemaTooNew
        /// The database's schema is older than this build's, where a read-only command found it
        /// (a run upgrades it).
        case schemaTooOld
        /// The database records a migration this build does not have (another name for its number).
        case unknownSchema
        /// A value of another type than the column, parameter or read takes (a STRICT column's
        /// `SQLITE_CONSTRAINT_DATATYPE`, SQLSTATE 42804, 22P02, 22P03).
        case typeMismatch
        /// The layer was used wrongly, e.g. a transaction begun inside another.
        case misuse
        /// A connection string or URL libpq cannot parse (nothing was connected to).
        case invalidConnectionString
        /// Anything else the engine reported.
        case other
    }

    let kind: Kind
    let engine: DatabaseEngine
    /// The statement's name, or its SQL when it has none.
    let statement: String
    /// SQLite's extended result code (e.g. "2067") or PostgreSQL's SQLSTATE (e.g. "23505"); empty
    /// for errors of the layer itself.
    let code: String
    let message: String

    init(kind: Kind, engine: DatabaseEngine, statement: String, code: String = "", message: String) {
        self.kind = kind
        self.engine = engine
        self.statement = statement
        self.code = code
        self.message = message
    }

    var description: String {
        let code = code.isEmpty ? "" : " \(code)"
        return "\(engine) error\(code) (\(kind.rawValue)) in statement \"\(statement)\": \(message)"
    }
}
