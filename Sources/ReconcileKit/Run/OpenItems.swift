/// The reconciliation exceptions still open, carried from run to run (SPEC §6, issue 19): each
/// with the day it was first seen, so the report can age it and say what is new, changed or
/// resolved since the last run. Stored as the root's `exceptions` blob (docs/store-format.md),
/// one line per item, shaped like the rows of a later `exceptions` table
/// (tenant_id, kind, key → first seen run and day, last seen day, fingerprint, amount).
public struct OpenItems: Sendable, Equatable {
    public static let blobName = "exceptions"

    /// What identifies an exception across runs: its tenant, kind and references. Its amounts
    /// and detail may change while it stays the same item.
    public struct Key: Hashable, Sendable, Comparable {
        public let tenant: String
        public let kind: String
        /// `source/ledger booking/platform booking/bank entries`, each "" when absent.
        public let references: String

        public init(tenant: String, kind: String, references: String) {
            self.tenant = tenant
            self.kind = kind
            self.references = references
        }

        public init(_ e: ReportException) {
            self.init(tenant: e.tenant.rawValue, kind: e.kind.rawValue,
                      references: [e.source, e.ledgerBookingID, e.platformBookingID, e.bankEntryID].map { $0 ?? "" }.joined(separator: "/"))
        }

        public static func < (a: Key, b: Key) -> Bool {
            if a.tenant != b.tenant { return a.tenant.utf8Precedes(b.tenant) }
            if a.kind != b.kind { return ReportException.Kind(rawValue: a.kind) < ReportException.Kind(rawValue: b.kind) }
            return a.references.utf8Precedes(b.references)
        }
    }

    public struct Item: Sendable, Equatable {
        public var firstSeenRun: String
        /// `YYYY-MM-DD`, the as-of day of the run that first saw it.
        public var firstSeen: String
        public var lastSeen: String
        /// A hash of the amounts and the detail: when it differs, the item changed.
        public var fingerprint: UInt64
        /// The item's value: the ledger's (or platform's) amount, else the other side's; and its currency.
        public var amountCents: Cents?
        public var currency: String?
    }

    public var items: [Key: Item] = [:]

    public init() {}

    /// FNV-1a over the amounts and the detail: stable across runs and platforms.
    static func fingerprint(_ e: ReportException) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(e.expectedCents.map(String.init) ?? "-")|\(e.actualCents.map(String.init) ?? "-")|\(e.currency ?? "")|\(e.detail)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }

    /// One line per item, by key: `tenant \t kind \t references \t firstSeenRun \t firstSeen \t
    /// lastSeen \t fingerprint(hex) \t amount \t currency`, after a `reconcile-open-items 1` line.
    /// Tabs and line breaks cannot occur in ids (SPEC §2); they are refused on decoding.
    public func encoded() -> [UInt8] {
        var out = "reconcile-open-items 1\n"
        for key in items.keys.sorted() {
            let i = items[key]!
            out += [key.tenant, key.kind, key.references, i.firstSeenRun, i.firstSeen, i.lastSeen, String(i.fingerprint, radix: 16),
                    i.amountCents.map(String.init) ?? "", i.currency ?? ""].joined(separator: "\t") + "\n"
        }
        return Array(out.utf8)
    }

    public init(encoded bytes: [UInt8]) throws(RunFailure) {
        // Split on bytes, not Characters: a night with 100k open items read its blob in seconds
        // through String.split.
        let header = Array("reconcile-open-items 1".utf8)
        guard bytes.starts(with: header), bytes.count == header.count || bytes[header.count] == UInt8(ascii: "\n") else {
            throw RunFailure(.internalError, "open items blob: unknown format")
        }
        let newline = UInt8(ascii: "\n"), tab = UInt8(ascii: "\t")
        items.reserveCapacity(bytes.count / 96)
        var start = header.count + 1
        var fields: [String] = []
        fields.reserveCapacity(9)
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: newline) ?? bytes.count
            defer { start = end + 1 }
            guard end > start else { continue }
            fields.removeAll(keepingCapacity: true)
            var fieldStart = start
            for i in start...end where i == end || bytes[i] == tab {
                fields.append(String(decoding: bytes[fieldStart..<i], as: UTF8.self))
                fieldStart = i + 1
            }
            let f = fields
            guard f.count == 9, let fingerprint = UInt64(f[6], radix: 16) else {
                throw RunFailure(.internalError, "open items blob: malformed line")
            }
            items[Key(tenant: f[0], kind: f[1], references: f[2])] = Item(
                firstSeenRun: f[3], firstSeen: f[4], lastSeen: f[5], fingerprint: fingerprint,
                amountCents: f[7].isEmpty ? nil : Cents(f[7]), currency: f[8].isEmpty ? nil : f[8])
        }
    }
}
