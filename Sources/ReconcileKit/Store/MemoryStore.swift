/// An in-memory ``StateStore`` for fast unit tests of the runner. It keeps the same visibility rule
/// as the disk store: a commit stopped by its crash hook changes nothing that can be read.
/// Verify and gc are disk-only: in memory nothing can rot and nothing is left behind.
public final class MemoryStore: StateStore {
    private var objects: [ObjectID: [UInt8]] = [:]
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

    public func commit(_ transaction: StoreTransaction, crashHook: CrashHook) throws(StoreError) -> ObjectID {
        guard transaction.parent == currentHead else {
            throw .headMoved(expected: transaction.parent, found: currentHead)
        }
        var staged: [ObjectID: [UInt8]] = [:]
        var packIDs: [ObjectID] = []
        var packed: [ObjectID] = []
        for record in transaction.records {
            precondition(ObjectID(digestOf: record.bytes) == record.id, "record id \(record.id) is not the SHA-256 of its bytes")
            guard objects[record.id] == nil, staged[record.id] == nil else { continue }
            staged[record.id] = record.bytes
            packed.append(record.id)
        }
        var stagedPacks: [ObjectID: [ObjectID]] = [:]
        if !packed.isEmpty {
            let packID = ObjectID(digestOf: packed.flatMap(\.bytes))
            packIDs.append(packID)
            stagedPacks[packID] = packed
        }
        try crashHook.body(.afterPack)
        try crashHook.body(.afterObjects)
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
        packs.merge(stagedPacks) { old, _ in old }
        currentHead = rootID
        try crashHook.body(.afterHead)
        return rootID
    }
}
