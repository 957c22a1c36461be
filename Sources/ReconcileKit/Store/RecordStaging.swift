/// Record objects on their way into pack(s) ahead of a commit (``StateStore/beginStaging()``).
/// The caller adds each new record as it meets it; the store compresses and packs them a window at
/// a time and lets go of their bytes, so a night's records are never all in memory at once.
/// ``finish(crashHook:)`` packs the rest and makes the packs durable, but nothing finds them until a
/// commit's root names them.
///
/// Records are added from one thread (the ingest's); the staging may then be finished on another.
public protocol RecordStaging: AnyObject, Sendable {
    /// Room for `count` records in all, so a first run's million ids are not rehashed at every doubling.
    func reserveCapacity(_ count: Int)
    /// A record to store, unless the store already holds it or it was added before. Packing errors
    /// are kept and thrown by ``finish(crashHook:)``.
    func add(_ record: StoreObject)
    /// Packs what is left, writes the pack indexes and reaches ``CrashPoint/afterPack`` and
    /// ``CrashPoint/afterObjects``. Called once.
    func finish(crashHook: CrashHook) throws(StoreError) -> StagedRecords
    /// For a run that stops before ``finish(crashHook:)``: waits for the packing under way and
    /// packs nothing more, so no write outlives the run's lock. What was written is garbage for
    /// `gc`. Harmless after a finish.
    func abandon()
}

extension StateStore {
    /// Writes record objects into pack(s) ahead of a commit, skipping those already stored (see
    /// ``beginStaging()``).
    public func stage(_ records: consuming [StoreObject], crashHook: CrashHook) throws(StoreError) -> StagedRecords {
        let staging = try beginStaging()
        staging.reserveCapacity(records.count)
        for record in records { staging.add(record) }
        return try staging.finish(crashHook: crashHook)
    }
}
