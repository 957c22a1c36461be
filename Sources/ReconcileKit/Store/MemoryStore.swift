/// An in-memory ``StateStore`` for fast unit tests of the runner. It keeps the same visibility rule
/// as the disk store: a commit stopped by its crash hook changes nothing that can be read.
/// Verify and gc are disk-only: in memory nothing can rot and nothing is left behind.
public final class MemoryStore: StateStore {
    fileprivate var objects: [ObjectID: [UInt8]] = [:]
    private var currentHead: ObjectID?
    /// The record ids of each pack, by pack id (a pack here is just a list).
    public private(set) var packs: [ObjectID: [ObjectID]] = [:]

    public init() {}

    public func head() throws(StoreError) -> ObjectID? { currentHead }

    public func read(_ id: ObjectID) throws(StoreError) -> [UInt8] {
        guard let bytes = objects[id] else { throw .missingObject(id: id) }
        guard ObjectID(digestOf: bytes) == id else {
            throw .corruptObject(id: id, path: "memory:\(id.hex)", reason: "content does not hash to its id")
        }
        return bytes
    }

    public func contains(_ id: ObjectID) throws(StoreError) -> Bool { objects[id] != nil }

    public func readRoot(_ id: ObjectID) throws(StoreError) -> StoreRoot {
        try readRoot(id, place: "memory:\(id.hex)")
    }

    /// Packs staged and not yet named by a commit: invisible, as on disk.
    fileprivate var stagedPacks: [ObjectID: [StoreObject]] = [:]

    public func beginStaging() throws(StoreError) -> any RecordStaging { Staging(store: self) }

    /// Records to be "packed" (listed) at ``finish(crashHook:)``.
    final class Staging: RecordStaging, @unchecked Sendable {
        private let store: MemoryStore
        private var seen = Set<ObjectID>()
        private var packed: [StoreObject] = []

        init(store: MemoryStore) { self.store = store }

        func reserveCapacity(_ count: Int) { seen.reserveCapacity(count) }

        func add(_ record: StoreObject) {
            precondition(ObjectID(digestOf: record.bytes) == record.id, "record id \(record.id) is not the SHA-256 of its bytes")
            guard store.objects[record.id] == nil, seen.insert(record.id).inserted else { return }
            packed.append(record)
        }

        func abandon() {}

        func finish(crashHook: CrashHook) throws(StoreError) -> StagedRecords {
            var packIDs: [ObjectID] = []
            if !packed.isEmpty {
                let packID = ObjectID(digestOf: packed.flatMap(\.id.bytes))
                packIDs.append(packID)
                store.stagedPacks[packID] = packed
            }
            try crashHook.body(.afterPack)
            try crashHook.body(.afterObjects)
            return StagedRecords(packs: packIDs)
        }
    }

    public func commit(_ transaction: StoreTransaction, crashHook: CrashHook) throws(StoreError) -> ObjectID {
        precondition(transaction.staged == nil || transaction.records.isEmpty, "a transaction has staged records or records, not both")
        guard transaction.parent == currentHead else {
            throw .headMoved(expected: transaction.parent, found: currentHead)
        }
        var packIDs = transaction.staged?.packs ?? []
        if transaction.staged == nil { packIDs = try stage(transaction.records, crashHook: crashHook).packs }
        var staged: [ObjectID: [UInt8]] = [:]
        var newPacks: [ObjectID: [ObjectID]] = [:]
        for packID in packIDs {
            guard let records = stagedPacks[packID] else { throw .missingObject(id: packID) }
            for record in records where objects[record.id] == nil { staged[record.id] = record.bytes }
            newPacks[packID] = records.map(\.id)
        }
        var blobIDs: [String: ObjectID] = [:]
        for (name, bytes) in transaction.blobs {
            let id = ObjectID(digestOf: bytes)
            blobIDs[name] = id
            if objects[id] == nil { staged[id] = bytes }
        }
        for (name, id) in transaction.carriedBlobs {
            guard objects[id] != nil || staged[id] != nil else { throw .missingObject(id: id) }
            blobIDs[name] = id
        }
        try crashHook.body(.afterIndex)
        let root = StoreRoot(parent: transaction.parent, runID: transaction.runID, time: transaction.time,
                             inputs: transaction.inputs, packs: packIDs, blobs: blobIDs, counts: transaction.counts)
        let rootBytes = root.canonicalBytes
        let rootID = ObjectID(digestOf: rootBytes)
        staged[rootID] = rootBytes
        try crashHook.body(.afterRoot)
        try crashHook.body(.beforeHead)
        objects.merge(staged) { old, _ in old }
        packs.merge(newPacks) { old, _ in old }
        for packID in packIDs { stagedPacks[packID] = nil }
        currentHead = rootID
        try crashHook.body(.afterHead)
        return rootID
    }
}
