/// What the runner needs from the content-addressed state store (SPEC §7): the head, verified reads
/// of committed objects, and one atomic commit per run. ``DiskStore`` is the real one;
/// ``MemoryStore`` is for fast unit tests. Both pass the same conformance suite.
///
/// Only committed state is visible: objects left behind by a killed run are neither found nor
/// read until a later commit names them again.
public protocol StateStore: AnyObject {
    /// The current root, nil for a store that has never been committed to.
    func head() throws(StoreError) -> ObjectID?
    /// The canonical bytes of a committed object, re-hashed against `id` before they are returned.
    func read(_ id: ObjectID) throws(StoreError) -> [UInt8]
    /// Whether a committed object has this id (in a pack or loose).
    func contains(_ id: ObjectID) throws(StoreError) -> Bool
    /// Starts writing record objects into pack(s) ahead of a commit (``RecordStaging``), skipping
    /// those already stored: durable once finished, but found by nothing until a commit's root names
    /// the packs.
    func beginStaging() throws(StoreError) -> any RecordStaging
    /// Writes the transaction's objects (its records staged first, unless it carries staged ones),
    /// then a new root naming them, then moves the head to it. Returns the new root's id.
    /// `crashHook` is called at every ``CrashPoint`` in order.
    func commit(_ transaction: StoreTransaction, crashHook: CrashHook) throws(StoreError) -> ObjectID
    /// Reads and parses a root.
    func readRoot(_ id: ObjectID) throws(StoreError) -> StoreRoot
}

extension StateStore {
    public func commit(_ transaction: StoreTransaction) throws(StoreError) -> ObjectID {
        try commit(transaction, crashHook: .none)
    }

    /// Reads and parses a root; `place` names where it is stored in the error.
    func readRoot(_ id: ObjectID, place: String) throws(StoreError) -> StoreRoot {
        let bytes = try read(id)
        do { return try StoreRoot(parsing: bytes) } catch {
            throw .invalidRoot(id: id, path: place, reason: error.reason)
        }
    }

    /// The run log: every root from the head back to the first run, newest first.
    public func log() throws(StoreError) -> [LogEntry] {
        var entries: [LogEntry] = []
        var seen = Set<ObjectID>()
        var next = try head()
        while let id = next, seen.insert(id).inserted {
            let root = try readRoot(id)
            entries.append(LogEntry(id: id, root: root))
            next = root.parent
        }
        return entries
    }
}
