/// The finance hand-off for one calendar month: every tenant's commission statement with its
/// totals, as `statements/<YYYY-MM>/index.html` (``renderHTML()``) and `summary.csv`
/// (``MonthSummary``). Built from the month's statements; the totals are theirs, never recomputed
/// from anything else, so the index always agrees with the statements it links to.
///
/// The index carries no generation stamp (like the statement CSV): its bytes change only when a
/// tenant's figures change, so it is rewritten exactly when one of its statements is.
struct MonthIndex: Sendable, Equatable {
    /// One tenant's statement for the month.
    struct Entry: Sendable, Equatable {
        let tenantID: TenantID
        let tenantName: String
        /// ISO 4217 code as the ledger holds it ("usd").
        let currency: String
        let totals: CommissionStatement.Totals
    }

    /// Sums over the tenants that share one currency; amounts in different currencies never add up.
    /// The statement totals' fields read through it (`total.grossCents`).
    @dynamicMemberLookup
    struct CurrencyTotal: Sendable, Equatable {
        let currency: String
        let tenants: Int
        let totals: CommissionStatement.Totals

        subscript<T>(dynamicMember field: KeyPath<CommissionStatement.Totals, T>) -> T { totals[keyPath: field] }
    }

    /// `YYYY-MM`, UTC.
    let month: String
    /// By tenant id (UTF-8 byte order).
    let entries: [Entry]

    /// The index of `month` from every tenant's entry (in any order).
    init(month: String, entries: [Entry]) {
        self.month = month
        self.entries = entries.sorted { $0.tenantID.rawValue.utf8Precedes($1.tenantID.rawValue) }
    }

    /// The index of `statements` whose month is `month` (others are ignored).
    init(month: String, statements: [CommissionStatement]) {
        self.month = month
        entries = statements.filter { $0.month == month }
            .map { Entry(tenantID: $0.tenantID, tenantName: $0.tenantName, currency: $0.currency, totals: $0.totals) }
            .sorted { $0.tenantID.rawValue.utf8Precedes($1.tenantID.rawValue) }
    }

    /// One index per month that has at least one statement, by month.
    static func all(_ statements: [CommissionStatement]) -> [MonthIndex] {
        Set(statements.map(\.month)).sorted().map { MonthIndex(month: $0, statements: statements) }
    }

    /// Totals per currency, by currency code.
    var currencyTotals: [CurrencyTotal] {
        Set(entries.map(\.currency)).sorted().map { currency in
            let group = entries.filter { $0.currency == currency }.map(\.totals)
            return CurrencyTotal(currency: currency, tenants: group.count, totals: group.reduce(.zero, +))
        }
    }

    /// The relative link to a tenant's statement file in the same folder: the tenant id
    /// percent-encoded (RFC 3986 unreserved characters kept), so `#`, `?`, `%` or spaces in an id
    /// cannot break the link.
    static func href(_ tenant: TenantID, _ ext: String) -> String {
        var out = ""
        for byte in tenant.rawValue.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return out + "." + ext
    }
}
