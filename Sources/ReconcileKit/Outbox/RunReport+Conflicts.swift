extension RunReport {
    /// One record that came back under a known key with other content: the stored one stands
    /// (SPEC §3.2). Listed in full, with both amounts, so finance can see what was ignored.
    struct Conflict: Sendable, Equatable {
        /// The record kind ("event", "bank_entry").
        let kind: String
        let tenant: TenantID
        let id: String
        /// The newcomer's file, relative to the inbox, and its place in it.
        let file: String
        let location: Location
        /// Upper- or lower-case as read; rendered upper-case.
        let currency: String?
        let storedAmountCents: Cents?
        let newcomerAmountCents: Cents?

        init(
            kind: String, tenant: TenantID, id: String, file: String, location: Location, currency: String?,
            storedAmountCents: Cents?, newcomerAmountCents: Cents?
        ) {
            self.kind = kind
            self.tenant = tenant
            self.id = id
            self.file = file
            self.location = location
            self.currency = currency
            self.storedAmountCents = storedAmountCents
            self.newcomerAmountCents = newcomerAmountCents
        }

        /// Tenant, id, file, place.
        static func precedes(_ a: Conflict, _ b: Conflict) -> Bool {
            if a.tenant != b.tenant { return a.tenant < b.tenant }
            if a.id != b.id { return a.id.utf8Precedes(b.id) }
            if a.file != b.file { return a.file.utf8Precedes(b.file) }
            return a.location.byteOffset < b.location.byteOffset
        }
    }

    var conflictsJSON: JSONValue {
        .array(
            conflicts.map { c in
                .object([
                    "kind": .string(c.kind), "tenantId": .string(c.tenant.rawValue), "id": .string(c.id),
                    "file": .string(c.file),
                    "line": .orNull(c.location.line), "byteOffset": .count(c.location.byteOffset),
                    "currency": .orNull(c.currency.map(OutboxFormat.currencyCode)),
                    "storedAmountCents": .orNull(c.storedAmountCents),
                    "newcomerAmountCents": .orNull(c.newcomerAmountCents),
                ])
            })
    }

    /// The `report.md` section listing every conflict.
    func conflictsMarkdown() -> String {
        typealias M = MarkdownText
        var md = "\n## Conflicting records\(conflicts.isEmpty ? "" : " (\(conflicts.count))")\n\n"
        if conflicts.isEmpty { return md + "None.\n" }
        md += "The stored record stands; the newcomer was kept only as a sighting.\n\n"
        md += "| kind | tenant | id | file | where | currency | stored amount | newcomer amount |\n"
        md += "| --- | --- | --- | --- | --- | --- | ---: | ---: |\n"
        for c in conflicts {
            let place = c.location.line.map { "line \($0)" } ?? "byte \(c.location.byteOffset)"
            md += "| \(c.kind) | \(M.code(c.tenant.rawValue)) | \(M.code(c.id)) | \(M.code(c.file)) | \(place) | "
            md +=
                "\(c.currency.map(OutboxFormat.currencyCode) ?? " ") | \(M.amount(c.storedAmountCents)) | \(M.amount(c.newcomerAmountCents)) |\n"
        }
        return md
    }
}
