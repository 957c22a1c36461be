/// The store's format version, kept in the `FORMAT` file as one line (`reconcile-store 2`).
/// A store written by a newer build is refused rather than misread (git's `repositoryformatversion`).
///
/// - 1: a root's `index` and `ledger` blobs are whole snapshots.
/// - 2: they may be followed by deltas (`index.1`, `ledger.1`, …; docs/store-format.md). A build
///   that reads only 1 would miss the deltas and load a stale state, so a store says 2 before its
///   first delta is committed. A store of format 1 is read as it is and moves to 2 then.
/// - 3: packs may hold blocks of records (pack version 2, docs/store-format.md). A store says 3
///   before its first such pack is written; its version-1 packs are still read.
/// - 4: ledger snapshots may be sectioned (``LedgerCodec`` version 3). A store says 4 before the
///   first commit that writes a snapshot; its version-2 ledger snapshots are still read.
/// - 5: roots may name a `rejected` blob (``RejectedLog``), which a commit must carry on. A store
///   says 5 before the first commit that writes one; an older build would drop it.
public struct StoreFormat: Equatable, Sendable {
    public static let magic = "reconcile-store"
    public static let current = StoreFormat(version: 5)
    public static let supported: Set<Int> = [1, 2, 3, 4, 5]
    /// The first version whose roots may name snapshot deltas.
    public static let deltas = 2
    /// The first version whose packs may hold blocks of records.
    public static let blockPacks = 3
    /// The first version whose ledger snapshots may be sectioned.
    public static let sectionedLedger = 4
    /// The first version whose roots may name the log of rejected records.
    public static let rejectedRecords = 5

    public let version: Int

    public var line: String { "\(Self.magic) \(version)" }

    /// Parses the file's content; nil when it is not `reconcile-store <integer>`.
    public static func parse(_ text: String) -> StoreFormat? {
        let firstLine = text.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
        let parts = firstLine.split(separator: " ")
        guard parts.count == 2, parts[0] == magic, let version = Int(parts[1]) else { return nil }
        return StoreFormat(version: version)
    }
}
