/// Every known version of every tenant, for the rate in force at a moment (SPEC §3.2), the latest
/// name and IBANs, and the account (IBAN or other id) → tenant lookup of bank entries.
struct TenantDirectory: Sendable {
    /// Per tenant, versions oldest first (ties: smaller objectID first), duplicates removed.
    private let versionsByTenant: [TenantID: [TenantVersion]]
    private let tenantByIBAN: [String: TenantID]
    /// The same versions reduced to what a booking takes from them, so the apply of each checkout
    /// reads a few words in place instead of copying a whole version (names, IBANs).
    private let termsByTenant: [TenantID: [Terms]]

    /// What a booking takes from the tenant version in force when it is paid.
    struct Terms: Sendable {
        let exportedAt: Int64
        let rate: BasisPoints
        let currency: String
    }

    init(versions: [TenantVersion]) {
        var grouped: [TenantID: [TenantVersion]] = [:]
        for v in versions { grouped[v.id, default: []].append(v) }
        for (tenant, list) in grouped {
            var unique: [TenantVersion] = []
            for v in list.sorted(by: { $1.isNewer(than: $0) })
            where unique.last?.objectID != v.objectID || unique.last?.exportedAt != v.exportedAt {
                unique.append(v)
            }
            grouped[tenant] = unique
        }
        versionsByTenant = grouped
        termsByTenant = grouped.mapValues {
            $0.map { Terms(exportedAt: $0.exportedAt, rate: $0.rate, currency: $0.currency) }
        }

        var owners: [String: Set<TenantID>] = [:]
        for (tenant, list) in grouped {
            for account in (list.last?.ibans ?? []) + (list.last?.bankAccounts ?? []) {
                owners[account, default: []].insert(tenant)
            }
        }
        // An account that two tenants claim names neither: the bank entry stays `_global`.
        tenantByIBAN = owners.compactMapValues { $0.count == 1 ? $0.first : nil }
    }

    var tenantIDs: [TenantID] { versionsByTenant.keys.sorted() }

    func contains(_ tenant: TenantID) -> Bool { versionsByTenant[tenant] != nil }

    /// All versions of a tenant, oldest first.
    func versions(of tenant: TenantID) -> [TenantVersion] { versionsByTenant[tenant] ?? [] }

    /// The latest version: current name, IBANs and currency.
    func latest(_ tenant: TenantID) -> TenantVersion? { versionsByTenant[tenant]?.last }

    /// The commission rate a booking paid at `time` is charged at.
    func rate(for tenant: TenantID, at time: Int64) -> BasisPoints? {
        terms(for: tenant, at: time)?.rate
    }

    /// The rate and currency of the version in force at `time` (the latest `exportedAt ≤ time`,
    /// else the earliest version), without copying the version.
    func terms(for tenant: TenantID, at time: Int64) -> Terms? {
        guard let list = termsByTenant[tenant], let first = list.first else { return nil }
        return list.last(where: { $0.exportedAt <= time }) ?? first
    }

    /// The tenant whose latest version lists this IBAN (any spelling: spaces and case ignored).
    func tenant(forIBAN iban: String) -> TenantID? { tenantByIBAN[normalizedIBAN(iban)] }

    /// The tenant whose latest version lists this account among its `ibans` or `bankAccounts`
    /// (`Acct/Id/Othr/Id`), matched like IBANs.
    func tenant(forAccount account: String) -> TenantID? { tenantByIBAN[normalizedIBAN(account)] }
}
