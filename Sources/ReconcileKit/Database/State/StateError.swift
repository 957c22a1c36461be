/// A failure of the state's typed tables that is not the engine's own (those are ``DatabaseError``):
/// what the database holds is not what was written, or the run log does not hold together. It names
/// the table and the key, never a value of customer data.
struct StateError: Error, Equatable, Sendable, CustomStringConvertible {
    enum Code: String, Sendable {
        /// An object's stored bytes do not decompress, or do not hash to its name.
        case damagedObject
        /// A row holds a value its column's type cannot take (an unknown status, a malformed date).
        case unreadableRow
        /// The run log breaks: a root that does not hash from its parts, or a parent that is missing.
        case brokenChain
    }

    let code: Code
    /// The table the problem is in.
    let table: String
    /// The row's key, as `verify` prints it.
    let key: String
    let reason: String

    init(_ code: Code, table: String, key: String, reason: String) {
        self.code = code
        self.table = table
        self.key = key
        self.reason = reason
    }

    var description: String { "\(code.rawValue) in \(table) \(key): \(reason)" }
}
