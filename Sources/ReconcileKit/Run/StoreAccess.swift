/// The state store a command works on, and its lock. A dry run on a store that does not exist yet
/// works on an empty in-memory store, so it writes nothing at all.
struct StoreAccess {
    let store: any StateStore
    let disk: DiskStore?

    static func open(_ path: String, dryRun: Bool = false) throws(StoreError) -> StoreAccess {
        if dryRun, !StoreFiles.exists(path + "/FORMAT") {
            return StoreAccess(store: MemoryStore(), disk: nil)
        }
        let disk = try DiskStore.open(at: path, create: !dryRun)
        return StoreAccess(store: disk, disk: disk)
    }

    /// Opens the store and takes its lock, creating a new store under the lock (so of two first
    /// runs on one folder the second is refused as locked); a dry run on a store that does not
    /// exist yet takes no lock. `whileLocked` runs once the lock is held, before the store is read.
    static func openLocked(_ path: String, dryRun: Bool, wait: Bool,
                           whileLocked: () -> Void) throws(StoreError) -> (access: StoreAccess, lock: StoreLock?) {
        if dryRun, !StoreFiles.exists(path + "/FORMAT") {
            whileLocked()
            return (StoreAccess(store: MemoryStore(), disk: nil), nil)
        }
        let (disk, lock) = try DiskStore.openLocked(at: path, wait: wait, create: !dryRun, whileLocked: whileLocked)
        return (StoreAccess(store: disk, disk: disk), lock)
    }
}

extension StoreError {
    /// SPEC §8: 75 locked, 73 cannot write, 70 for a damaged or unknown store.
    var exitStatus: ExitStatus {
        switch self {
        case .locked: .locked
        case .io: .cannotWrite
        case .notAStore: .usage
        default: .internalError
        }
    }
}
