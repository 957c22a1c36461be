/// The revision of every open month's statement (SPEC §6, issue 19): a statement is revision 1
/// when first written, and gets the next number whenever a run adds ledger lines to it; until its
/// month is closed it says what changed since the revision before. Stored as the root's
/// `statement-revisions` blob, one line per statement, shaped like the rows of a later
/// `statement_revisions` table (tenant_id, month → revision, the ledger line the revision runs
/// through, the line the revision before ran through).
public struct StatementRevisions: Sendable, Equatable {
    public static let blobName = "statement-revisions"

    public struct Entry: Sendable, Equatable {
        public var revision: Int
        /// The highest ledger line sequence in the statement at this revision.
        public var through: Int
        /// The same for the revision before (0 for revision 1).
        public var previousThrough: Int
    }

    public var entries: [StatementID: Entry] = [:]

    public init() {}

    /// Numbers each statement: a new one is revision 1; one with lines beyond its last revision's
    /// gets the next revision. Sets each statement's revision and the line it changed from.
    public mutating func update(_ statements: inout [CommissionStatement]) {
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
    public func apply(to statements: inout [CommissionStatement]) {
        for i in statements.indices {
            guard let entry = entries[StatementID(tenant: statements[i].tenantID, month: statements[i].month)] else { continue }
            statements[i].revision = entry.revision
            statements[i].revisedAfterLine = entry.revision > 1 ? entry.previousThrough : nil
        }
    }

    public func encoded() -> [UInt8] {
        var out = "reconcile-statement-revisions 1\n"
        for id in entries.keys.sorted() {
            let e = entries[id]!
            out += "\(id.tenant.rawValue)\t\(id.month)\t\(e.revision)\t\(e.through)\t\(e.previousThrough)\n"
        }
        return Array(out.utf8)
    }

    public init(encoded bytes: [UInt8]) throws(RunFailure) {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        guard lines.first == "reconcile-statement-revisions 1" else { throw RunFailure(.internalError, "statement revisions blob: unknown format") }
        for line in lines.dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, let r = Int(f[2]), let t = Int(f[3]), let p = Int(f[4]) else {
                throw RunFailure(.internalError, "statement revisions blob: malformed line")
            }
            entries[StatementID(tenant: TenantID(f[0]), month: f[1])] = Entry(revision: r, through: t, previousThrough: p)
        }
    }
}
