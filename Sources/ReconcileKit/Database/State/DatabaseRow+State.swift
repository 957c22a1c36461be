/// Reading the state's own types from a row. A value the type cannot take is a ``StateError``
/// naming the table and the row's key (`key` is only built when it fails).
extension DatabaseRow {
    func objectID(_ index: Int, table: String, key: @autoclosure () -> String) throws -> ObjectID {
        let bytes = try get(index, as: [UInt8].self)
        guard bytes.count == 32 else {
            throw StateError(
                .unreadableRow, table: table, key: key(),
                reason: "column \(index) holds \(bytes.count) bytes, not a SHA-256")
        }
        return ObjectID(rawDigest: bytes)
    }

    func optionalObjectID(_ index: Int, table: String, key: @autoclosure () -> String) throws -> ObjectID? {
        try value(at: index) == .null ? nil : objectID(index, table: table, key: key())
    }

    func enumeration<T: RawRepresentable>(
        _ index: Int, as type: T.Type, table: String,
        key: @autoclosure () -> String
    ) throws -> T where T.RawValue == String {
        let text = try get(index, as: String.self)
        guard let value = T(rawValue: text) else {
            throw StateError(.unreadableRow, table: table, key: key(), reason: "column \(index) holds no \(T.self)")
        }
        return value
    }

    func optionalEnumeration<T: RawRepresentable>(
        _ index: Int, as type: T.Type, table: String,
        key: @autoclosure () -> String
    ) throws -> T? where T.RawValue == String {
        try value(at: index) == .null ? nil : enumeration(index, as: type, table: table, key: key())
    }

    func calendarDate(_ index: Int, table: String, key: @autoclosure () -> String) throws -> CalendarDate {
        guard let date = CalendarDate(try get(index, as: String.self)) else {
            throw StateError(
                .unreadableRow, table: table, key: key(), reason: "column \(index) holds no YYYY-MM-DD date")
        }
        return date
    }

    func tenantID(_ index: Int) throws(DatabaseError) -> TenantID { TenantID(try get(index, as: String.self)) }
}

extension ObjectID {
    var databaseValue: DatabaseValue { .blob(bytes) }
}

extension TenantID {
    var databaseValue: DatabaseValue { .text(rawValue) }
}
