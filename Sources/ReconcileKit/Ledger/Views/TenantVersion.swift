/// One exported version of a tenant (`docs/canonical-forms.md`, kind `tenant`). `exportedAt` is
/// not canonical, so the caller passes it in from the store's index.
struct TenantVersion: Equatable, Sendable {
    let id: TenantID
    let slug: String
    let name: String
    let rate: BasisPoints
    /// Upper-case, no spaces, sorted.
    let ibans: [String]
    /// Other account ids (`Acct/Id/Othr/Id`), spelt like ``ibans``.
    let bankAccounts: [String]
    /// Lower-case ISO code.
    let currency: String
    /// Unix seconds.
    let exportedAt: Int64
    /// SHA-256 of the canonical bytes: breaks `exportedAt` ties (the larger one wins).
    let objectID: ObjectID

    init(canonical: JSONValue, exportedAt: Int64) throws(RecordViewError) {
        var r = try CanonicalReader(canonical, kind: .tenant)
        let id = try r.string("id")
        r.recordID = id
        self.id = TenantID(id)
        slug = try r.string("slug")
        name = try r.string("name")
        let bp = try r.int("commissionBasisPoints")
        guard bp >= 0, bp <= 10_000 else { throw r.error("commissionBasisPoints", .invalid("is outside 0–10000")) }
        rate = BasisPoints(bp)
        ibans = try r.strings("ibans").map(normalizedIBAN).sorted()
        bankAccounts = try r.strings("bankAccounts").map(normalizedIBAN).sorted()
        currency = (try r.optionalString("currency") ?? "usd").lowercased()
        self.exportedAt = exportedAt
        objectID = ObjectID(digestOf: CanonicalJSON.encode(canonical))
    }

    /// Whether this version supersedes `other` as the later snapshot: later `exportedAt`, ties to
    /// the larger objectID (SPEC §3.2).
    func isNewer(than other: TenantVersion) -> Bool {
        exportedAt != other.exportedAt ? exportedAt > other.exportedAt : other.objectID < objectID
    }
}

/// Upper-cases and strips spaces, the canonical spelling of an IBAN.
func normalizedIBAN(_ text: String) -> String {
    String(text.uppercased().filter { !$0.isWhitespace })
}
