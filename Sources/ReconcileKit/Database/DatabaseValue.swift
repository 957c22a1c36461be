/// One value bound to a placeholder or read from a column: the four kinds both engines store.
/// Integers are 64-bit (`BIGINT` on PostgreSQL), text is UTF-8, a blob is bytes (`BYTEA`).
enum DatabaseValue: Equatable, Hashable, Sendable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])

    /// The kind's name, for errors (never the value: it may be customer data).
    var kindName: String {
        switch self {
        case .null: "NULL"
        case .integer: "integer"
        case .text: "text"
        case .blob: "blob"
        }
    }

    init(_ value: some DatabaseValueConvertible) {
        self = value.databaseValue
    }
}

/// A Swift type that binds to a placeholder and reads back from a column.
protocol DatabaseValueConvertible {
    var databaseValue: DatabaseValue { get }
    /// nil when `value` is not of this type (NULL included, except for optionals).
    init?(databaseValue value: DatabaseValue)
}

extension DatabaseValue: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { self }
    init?(databaseValue value: DatabaseValue) { self = value }
}

extension Int64: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { .integer(self) }
    init?(databaseValue value: DatabaseValue) {
        guard case .integer(let v) = value else { return nil }
        self = v
    }
}

extension Int: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { .integer(Int64(self)) }
    init?(databaseValue value: DatabaseValue) {
        guard case .integer(let v) = value, let v = Int(exactly: v) else { return nil }
        self = v
    }
}

extension String: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { .text(self) }
    init?(databaseValue value: DatabaseValue) {
        guard case .text(let v) = value else { return nil }
        self = v
    }
}

extension Array: DatabaseValueConvertible where Element == UInt8 {
    var databaseValue: DatabaseValue { .blob(self) }
    init?(databaseValue value: DatabaseValue) {
        guard case .blob(let v) = value else { return nil }
        self = v
    }
}

extension Optional: DatabaseValueConvertible where Wrapped: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { self?.databaseValue ?? .null }
    init?(databaseValue value: DatabaseValue) {
        if value == .null {
            self = .none
        } else if let v = Wrapped(databaseValue: value) {
            self = .some(v)
        } else {
            return nil
        }
    }
}
