/// What ``DiskStore/gc(holding:)`` removed, as paths.
public struct GCReport: Equatable, Sendable {
    public var removedObjects: [String] = []
    public var removedPacks: [String] = []
    public var removedTemporaryFiles: [String] = []

    public var isEmpty: Bool { removedObjects.isEmpty && removedPacks.isEmpty && removedTemporaryFiles.isEmpty }
}

extension DiskStore {
    /// Removes what no root reachable from HEAD names: loose objects and packs (with their indexes)
    /// left by killed runs, and stale temporary files. Refuses to run if the chain cannot be read in
    /// full, since then it cannot tell garbage from data. Files the store did not write are left alone.
    ///
    /// Takes the held lock as proof that no commit is writing at the same time.
    public func gc(holding lock: StoreLock) throws(StoreError) -> GCReport {
        precondition(lock.isHeld && lock.path == path + "/lock", "gc needs this store's lock held")
        var keepLoose = Set<ObjectID>()
        var keepPacks = Set<ObjectID>()
        for entry in try walkChain(from: try head()) {
            keepLoose.insert(entry.id)
            keepLoose.formUnion(entry.root.blobs.values)
            keepPacks.formUnion(entry.root.packs)
        }

        var report = GCReport()
        var touched = Set<String>()
        for folder in try StoreFiles.list(objectsPath) {
            let folderPath = objectsPath + "/" + folder
            if folder.hasPrefix(StoreFiles.tempPrefix) {
                try StoreFiles.remove(folderPath)
                report.removedTemporaryFiles.append(folderPath)
                touched.insert(objectsPath)
                continue
            }
            guard folder.utf8.count == 2, StoreFiles.isDirectory(folderPath) else { continue }
            for name in try StoreFiles.list(folderPath) {
                let filePath = folderPath + "/" + name
                if name.hasPrefix(StoreFiles.tempPrefix) {
                    report.removedTemporaryFiles.append(filePath)
                } else if let id = ObjectID(hex: folder + name), !keepLoose.contains(id) {
                    report.removedObjects.append(filePath)
                } else {
                    continue
                }
                try StoreFiles.remove(filePath)
                touched.insert(folderPath)
            }
        }
        for name in try StoreFiles.list(packsPath) {
            let filePath = packsPath + "/" + name
            if name.hasPrefix(StoreFiles.tempPrefix) {
                report.removedTemporaryFiles.append(filePath)
            } else if let dot = name.lastIndex(of: "."), [".pack", ".idx"].contains(name[dot...]),
                      let id = ObjectID(hex: name[..<dot]), !keepPacks.contains(id) {
                report.removedPacks.append(filePath)
            } else {
                continue
            }
            try StoreFiles.remove(filePath)
            touched.insert(packsPath)
        }
        for name in try StoreFiles.list(path) where name.hasPrefix(StoreFiles.tempPrefix) {
            try StoreFiles.remove(path + "/" + name)
            report.removedTemporaryFiles.append(path + "/" + name)
            touched.insert(path)
        }
        for folder in touched.sorted() { try StoreFiles.fsyncDirectory(folder) }
        return report
    }
}
