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

    func lock(wait: Bool) throws(StoreError) -> StoreLock? {
        try disk?.acquireLock(wait: wait)
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
