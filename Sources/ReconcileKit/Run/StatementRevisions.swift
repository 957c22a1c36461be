/// The revision of every open month's statement (SPEC §6): a statement is revision 1
/// when first written, and gets the next number whenever a run adds ledger lines to it; until its
/// month is closed it says what changed since the revision before. Stored in the
/// `statement_revisions` table (tenant_id, month → revision, the ledger line the revision runs
/// through, the line the revision before ran through).
struct StatementRevisions: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var revision: Int
        /// The highest ledger line sequence in the statement at this revision.
        var through: Int
        /// The same for the revision before (0 for revision 1).
        var previousThrough: Int
    }

    var entries: [StatementID: Entry] = [:]

    init() {}

    /// Numbers each statement: a new one is revision 1; one with lines beyond its last revision's
    /// gets the next revision. Sets each statement's revision and the line it changed from.
    mutating func update(_ statements: inout [CommissionStatement]) {
        for i in statements.indices {
            let id = StatementID(tenant: statements[i].tenantID, month: statements[i].month)
            let through = statements[i].lines.map(\.sequence).max() ?? 0
            var entry = entries[id] ?? Entry(revision: 1, through: through, previousThrough: 0)
            if through > entry.through {
                entry = Entry(revision: entry.revision + 1, through: through, previousThrough: entry.through)
            }
            entries[id] = entry
            statements[i].revision = entry.revision
            statements[i].revisedAfterLine = entry.revision > 1 ? entry.previousThrough : nil
        }
    }

    /// Sets the stored revisions on `statements` without numbering anew (`reconcile statements`).
    func apply(to statements: inout [CommissionStatement]) {
        for i in statements.indices {
            guard let entry = entries[StatementID(tenant: statements[i].tenantID, month: statements[i].month)] else {
                continue
            }
            statements[i].revision = entry.revision
            statements[i].revisedAfterLine = entry.revision > 1 ? entry.previousThrough : nil
        }
    }
}
