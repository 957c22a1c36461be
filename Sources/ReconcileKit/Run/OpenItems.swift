/// The reconciliation exceptions still open, carried from run to run (SPEC §6): each
/// with the day it was first seen, so the report can age it and say what is new, changed or
/// resolved since the last run. Stored in the `open_items` table (docs/store-format.md).
struct OpenItems: Sendable, Equatable {
    /// What identifies an exception across runs: its tenant, kind and references. Its amounts
    /// and detail may change while it stays the same item.
    struct Key: Hashable, Sendable, Comparable {
        let tenant: TenantID
        let kind: String
        /// `source/ledger booking/platform booking/bank entries`, each "" when absent.
        let references: String

        init(tenant: TenantID, kind: String, references: String) {
            self.tenant = tenant
            self.kind = kind
            self.references = references
        }

        init(_ e: ReconciliationException) {
            self.init(
                tenant: e.tenantID, kind: e.kind.rawValue,
                references: [e.source?.rawValue, e.bookingID, e.platformBookingID, e.bankEntryID].map { $0 ?? "" }
                    .joined(separator: "/"))
        }

        static func < (a: Key, b: Key) -> Bool {
            if a.tenant != b.tenant { return a.tenant < b.tenant }
            if a.kind != b.kind { return ExceptionKind.precedes(a.kind, b.kind) }
            return a.references.utf8Precedes(b.references)
        }
    }

    struct Item: Sendable, Equatable {
        var firstSeenRun: String
        /// `YYYY-MM-DD`, the as-of day of the run that first saw it.
        var firstSeen: String
        var lastSeen: String
        /// A hash of the amounts and the detail: when it differs, the item changed.
        var fingerprint: UInt64
        /// The item's value: the ledger's (or platform's) amount, else the other side's; and its currency.
        var amountCents: Cents?
        var currency: String?
        /// The run that last saw it new or changed (nil in rows stored before the open items held whole rows).
        var changedRun: String?
        /// The item as the report lists it (nil in rows stored before the open items held whole rows).
        var exception: ReconciliationException?
    }

    var items: [Key: Item] = [:]

    /// The items' exceptions, in key order.
    var exceptionTable: ExceptionTable {
        ExceptionTable(items.keys.sorted().compactMap { items[$0]!.exception })
    }

    init() {}

    /// FNV-1a over the amounts and the detail: stable across runs and platforms.
    static func fingerprint(_ e: ReconciliationException) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte
            in "\(e.expected.map(String.init) ?? "-")|\(e.actual.map(String.init) ?? "-")|\(e.currency ?? "")|\(e.detail)"
            .utf8
        {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }
}
