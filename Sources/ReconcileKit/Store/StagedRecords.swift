/// Record objects written into pack files ahead of the commit that publishes them
/// (``StateStore/stage(_:crashHook:)``). They are durable but invisible: nothing reads them until a
/// root names their packs, so a run killed after staging leaves the committed state as it was, and
/// its packs are garbage for `gc`.
///
/// The runner stages a night's records while it applies the events, on the core the apply leaves
/// free, and lets go of their bytes before reconciliation.
public struct StagedRecords: @unchecked Sendable {
    /// The packs written, in order (a run's records fill one pack up to the size limit, then the next).
    public let packs: [ObjectID]
    /// The disk store's loaded indexes of those packs (empty for the memory store). Immutable.
    let indexes: [PackIndex]

    init(packs: [ObjectID], indexes: [PackIndex] = []) {
        self.packs = packs
        self.indexes = indexes
    }
}
