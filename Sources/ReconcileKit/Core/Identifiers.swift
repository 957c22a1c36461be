/// A tenant of the platform (`tnt_bella`). Events without one belong to ``TenantID/global``.
package struct TenantID: Hashable, Comparable, Sendable, CustomStringConvertible {
    let rawValue: String
    package init(_ rawValue: String) { self.rawValue = rawValue }
    static let global = TenantID("_global")
    package var description: String { rawValue }
    package static func < (a: TenantID, b: TenantID) -> Bool { a.rawValue.utf8Precedes(b.rawValue) }
}

/// An id within one tenant: the key of every ledger table (SPEC §4 "every key is tenant-scoped").
/// The same id under two tenants is two keys.
struct ScopedID: Hashable, Sendable, CustomStringConvertible {
    let tenantID: TenantID
    let id: String

    init(_ tenantID: TenantID, _ id: String) {
        self.tenantID = tenantID
        self.id = id
    }

    var description: String { "\(tenantID)/\(id)" }

    /// Tenant, then id, by UTF-8 bytes.
    static func precedes(_ a: ScopedID, _ b: ScopedID) -> Bool {
        a.tenantID != b.tenantID ? a.tenantID < b.tenantID : a.id.utf8Precedes(b.id)
    }

    /// The positions of `keys` in ``precedes(_:_:)`` order.
    static func order(_ keys: [ScopedID]) -> [Int] {
        UTF8KeyedSort.order(ids: keys.map(\.id), groups: DenseRanks.of(keys.map(\.tenantID), by: <))
    }
}

/// What a record is. The raw value appears in canonical bytes and in the store's index.
/// New kinds go last: the index snapshot stores a kind as its position in `allCases`.
enum RecordKind: String, CaseIterable, Codable, Sendable, Comparable {
    case event
    case tenant
    case booking
    case bankEntry = "bank_entry"
    /// One bank statement's identity, totals and balances (docs/canonical-forms.md).
    case bankStatement = "bank_statement"

    static func < (a: RecordKind, b: RecordKind) -> Bool { a.rawValue < b.rawValue }

    /// Snapshots (exports) get new versions; events and bank entries get conflicts.
    var isSnapshot: Bool { self == .tenant || self == .booking }
}

/// The dedup key of every record: `(kind, tenantId, id)`.
struct RecordKey: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    let kind: RecordKind
    let tenantID: TenantID
    let id: String

    var description: String { "\(kind.rawValue) \(tenantID)/\(id)" }

    /// Kind, then tenant and id as Swift orders their strings (not ``TenantID``'s UTF-8 order).
    static func < (a: RecordKey, b: RecordKey) -> Bool {
        (a.kind, a.tenantID.rawValue, a.id) < (b.kind, b.tenantID.rawValue, b.id)
    }
}

/// In JSON (the index's format-1 form, `--json` output) a tenant is its string.
extension TenantID: Codable {
    package init(from decoder: Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
