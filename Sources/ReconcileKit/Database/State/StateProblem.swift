/// One thing ``StateDatabase/verify(limit:)`` found wrong, named by table and key. The text holds
/// ids, hashes, counts and amounts, never customer data (emails, names, paths given by customers).
struct StateProblem: Equatable, Sendable, CustomStringConvertible {
    enum Kind: String, Sendable {
        /// An object's bytes do not decompress, or do not hash to its name.
        case damagedObject = "damaged-object"
        /// A row names a row of another table that is not there (an object, a file, a run, an event,
        /// a booking, a record's index entry).
        case missingReference = "missing-reference"
        /// The run log does not hold together: a root that does not hash from its parts, a parent
        /// that is not stored, a run the chain from the head does not reach, no head.
        case brokenChain = "broken-chain"
        /// The ledger breaks one of its invariants (``Ledger/invariantViolations()``).
        case ledger
        /// A row holds a value its column's type cannot take (an unknown status, a hash of the wrong
        /// length).
        case unreadableRow = "unreadable-row"
        /// The engine's own check failed (SQLite `integrity_check`, `foreign_key_check`; an
        /// invalid PostgreSQL index).
        case engine
    }

    let kind: Kind
    /// The table the problem is in.
    let table: String
    /// The row's key, its columns joined by `/` (hashes in hex); `*` when the problem stands for
    /// more rows than were listed.
    let key: String
    /// What is wrong.
    let reason: String

    init(_ kind: Kind, table: String, key: String, _ reason: String) {
        self.kind = kind
        self.table = table
        self.key = key
        self.reason = reason
    }

    init(_ error: StateError) {
        let kind: Kind =
            switch error.code {
            case .damagedObject: .damagedObject
            case .brokenChain: .brokenChain
            case .unreadableRow: .unreadableRow
            }
        self.init(kind, table: error.table, key: error.key, error.reason)
    }

    /// Stands for `count` more offending rows than a check lists.
    static func more(_ count: Int, kind: Kind, table: String) -> StateProblem {
        StateProblem(kind, table: table, key: "*", "and \(count) more rows like these")
    }

    var description: String { "\(table) \(key): \(kind.rawValue): \(reason)" }
}
