import Foundation

/// The state a run starts from: the head root, the record index and the ledger it names.
public struct StoredState {
    public var head: ObjectID?
    public var root: StoreRoot?
    public var index: RecordIndex
    public var ledger: Ledger
    /// Every record rejected inside a good file so far (the root's `rejected` blob; empty without one).
    public var rejected = RejectedLog()
    /// The open reconciliation exceptions of the last run (issue 19); nil when its root holds none.
    public var openItems: OpenItems? = nil
    /// The closed months (issue 19).
    public var closedMonths = ClosedMonths()
    /// The revision of every open month's statement (issue 19).
    public var revisions = StatementRevisions()

    public static let indexBlob = "index"
    public static let ledgerBlob = "ledger"
    public static let reportBlob = "report"
    public static let rejectedBlob = "rejected"
    /// At most this many deltas follow a snapshot base before a run writes whole snapshots again.
    public static let maxDeltas = 15

    /// The name of the `n`th delta after a base (`index.1`, `ledger.1`, …); 0 is the base itself.
    public static func blobName(_ base: String, delta n: Int) -> String { n == 0 ? base : "\(base).\(n)" }

    /// How many deltas follow the bases in `root`.
    public static func deltaCount(_ root: StoreRoot) -> Int {
        var n = 0
        while root.blobs[blobName(indexBlob, delta: n + 1)] != nil { n += 1 }
        return n
    }

    public static func load(from store: some StateStore) throws -> StoredState {
        guard let head = try store.head() else {
            return StoredState(head: nil, root: nil, index: RecordIndex(), ledger: Ledger())
        }
        let root = try store.readRoot(head)
        guard root.blobs[indexBlob] != nil, root.blobs[ledgerBlob] != nil else {
            throw RunFailure(.internalError, "root \(head.short) names no index or ledger blob")
        }
        // The bytes are read here (the store is used from one thread): the index's first, so it
        // decodes on its own thread while the ledger's are read and decoded on this one.
        var indexParts: [[UInt8]] = []
        var ledgerIDs: [(name: String, id: ObjectID)] = []
        for n in 0...deltaCount(root) {
            let indexName = blobName(indexBlob, delta: n), ledgerName = blobName(ledgerBlob, delta: n)
            guard let indexID = root.blobs[indexName], let ledgerID = root.blobs[ledgerName] else {
                throw RunFailure(.internalError, "root \(head.short) names \(indexName) without \(ledgerName)")
            }
            indexParts.append(try store.read(indexID))
            ledgerIDs.append((ledgerName, ledgerID))
        }
        let decodingIndex = BackgroundWork { () throws -> RecordIndex in
            var index = try decodeIndex(indexParts[0])
            for part in indexParts.dropFirst() { index.merge(try decodeIndex(part)) }
            return index
        }
        let decodedLedger = Result { () throws -> Ledger in
            var ledger = try decodeLedger(try store.read(ledgerIDs[0].id))
            for part in ledgerIDs.dropFirst() {
                do { try ledger.merge(try decodeLedger(try store.read(part.id))) } catch let mismatch as LedgerDeltaMismatch {
                    throw RunFailure(.internalError, "root \(head.short): \(part.name) \(mismatch)")
                }
            }
            return ledger
        }
        var index = try decodingIndex.wait()
        var ledger = try decodedLedger.get()
        index.markStored()
        ledger.markStored()
        var state = StoredState(head: head, root: root, index: index, ledger: ledger)
        if let id = root.blobs[OpenItems.blobName] { state.openItems = try OpenItems(encoded: try store.read(id)) }
        if let id = root.blobs[StatementRevisions.blobName] { state.revisions = try StatementRevisions(encoded: try store.read(id)) }
        if let id = root.blobs[ClosedMonths.blobName] { state.closedMonths = try ClosedMonths(encoded: try store.read(id)) }
        if let rejectedID = root.blobs[rejectedBlob] {
            do { state.rejected = try RejectedLog(parsing: try store.read(rejectedID)) } catch let error as RootFormatError {
                throw RunFailure(.internalError, "root \(head.short): \(error.reason)")
            }
        }
        return state
    }

    /// The blob of `log` a root names, or none while no record was ever rejected (so a store
    /// without rejections keeps the format an older build reads).
    public static func rejectedBlobs(_ log: RejectedLog) -> [String: [UInt8]] {
        log.isEmpty ? [:] : [rejectedBlob: log.canonicalBytes]
    }

    static func decodeIndex(_ bytes: [UInt8]) throws -> RecordIndex {
        RecordIndexCodec.isBinary(bytes) ? try RecordIndexCodec.decode(bytes) : try JSONDecoder().decode(RecordIndex.self, from: Data(bytes))
    }

    static func decodeLedger(_ bytes: [UInt8]) throws -> Ledger {
        LedgerCodec.isBinary(bytes) ? try LedgerCodec.decode(bytes) : try JSONDecoder().decode(Ledger.self, from: Data(bytes))
    }

    /// The snapshot blobs of a commit on top of `parent`: the parent's base and deltas carried
    /// over plus one delta with what this run changed — so a night's commit writes what the night
    /// changed — or whole snapshots when there is no parent, the chain is ``maxDeltas`` long, or
    /// the changes are more than a quarter of the whole (a delta would save little).
    public static func snapshotBlobs(index: RecordIndex, ledger: Ledger, parent: StoreRoot?) -> (written: [String: [UInt8]], carried: [String: ObjectID]) {
        func whole() -> (written: [String: [UInt8]], carried: [String: ObjectID]) {
            // The two snapshots encode side by side (a million events: seconds each).
            let encodingIndex = BackgroundWork { RecordIndexCodec.encode(index) }
            let ledgerBytes = LedgerCodec.encode(ledger)
            return ([indexBlob: try! encodingIndex.wait(), ledgerBlob: ledgerBytes], [:])
        }
        guard let parent, parent.blobs[indexBlob] != nil, parent.blobs[ledgerBlob] != nil else { return whole() }
        let deltas = deltaCount(parent)
        guard deltas < maxDeltas,
              index.changeCount * 4 <= index.entries.count + index.files.count,
              ledger.changeCount * 4 <= ledger.bookingsByID.count + ledger.eventsByID.count + ledger.lines.count
        else { return whole() }
        var carried: [String: ObjectID] = [:]
        for n in 0...deltas {
            for base in [indexBlob, ledgerBlob] { carried[blobName(base, delta: n)] = parent.blobs[blobName(base, delta: n)] }
        }
        return ([blobName(indexBlob, delta: deltas + 1): RecordIndexCodec.encode(index.delta),
                 blobName(ledgerBlob, delta: deltas + 1): LedgerCodec.encode(ledger.delta)], carried)
    }
}

struct ObjectReader {
    let pending: [ObjectID: [UInt8]]
    let store: any StateStore

    func json(_ id: ObjectID) throws -> JSONValue {
        let bytes = try pending[id] ?? store.read(id)
        do { return try JSONParser().parse(bytes) } catch {
            throw RunFailure(.internalError, "object \(id.short) is not canonical JSON: \(error.reason)")
        }
    }
}
