extension DiskStore {
    /// ``RecordStaging`` into pack files. Records are compressed in blocks a window of
    /// ``DiskStore/compressionWindow`` records at a time, on ``DiskStore/compressionJobs`` threads,
    /// and appended to the pack being built; their bytes are let go as each window is packed. A pack
    /// is written (one write, one fsync) when it reaches ``DiskStore/maxPackBytes``, and at the end.
    /// The windows and blocks depend only on the records and their order, so a night's packs are the
    /// same bytes however its records were handed in.
    final class Staging: RecordStaging, @unchecked Sendable {
        private let store: DiskStore
        private let committed: Committed
        private var added = Set<ObjectID>()
        private var window: [StoreObject] = []
        private var writer = PackWriter()
        private var sealed: [(packID: ObjectID, index: [UInt8])] = []
        private var failure: StoreError?
        private var finished = false

        init(store: DiskStore, committed: Committed) {
            self.store = store
            self.committed = committed
        }

        func reserveCapacity(_ count: Int) {
            added.reserveCapacity(count)
        }

        func add(_ record: StoreObject) {
            precondition(!finished, "records are added before the staging is finished")
            guard !committed.contains(record.id), added.insert(record.id).inserted else { return }
            window.append(record)
            if window.count >= store.compressionWindow { packWindow() }
        }

        func finish(crashHook: CrashHook) throws(StoreError) -> StagedRecords {
            precondition(!finished, "a staging is finished once")
            finished = true
            if !window.isEmpty { packWindow() }
            if let failure { throw failure }
            if !writer.isEmpty { try seal() }
            if !sealed.isEmpty { try StoreFiles.fsyncDirectory(store.packsPath) }
            try crashHook.body(.afterPack)

            // The packs' indexes: from here the records are findable, once a root names their packs.
            var indexes: [PackIndex] = []
            for (packID, index) in sealed {
                try StoreFiles.writeAtomically(index, folder: store.packsPath, finalName: packID.hex + ".idx")
                do { indexes.append(try PackIndex(bytes: index, expectedPackID: packID)) } catch {
                    preconditionFailure("a freshly encoded pack index is invalid: \(error.reason)")
                }
            }
            if !sealed.isEmpty { try StoreFiles.fsyncDirectory(store.packsPath) }
            try crashHook.body(.afterObjects)
            return StagedRecords(packs: sealed.map(\.packID), indexes: indexes)
        }

        /// Compresses the window into the pack being built; the first error stops the packing and
        /// waits for ``finish(crashHook:)``.
        private func packWindow() {
            defer { window.removeAll(keepingCapacity: true) }
            guard failure == nil else { return }
            do throws(StoreError) {
                if store.format.version < StoreFormat.blockPacks {
                    try store.upgradeFormat(to: StoreFormat.blockPacks)  // before the first pack an older build cannot read
                }
                let blocks = PackWriter.compress(window[...], blockBytes: store.blockBytes, jobs: store.compressionJobs)
                window.removeAll(keepingCapacity: true)  // packed: the window's bytes are let go now
                for block in blocks {
                    writer.append(block)
                    if writer.byteCount >= store.maxPackBytes { try seal() }
                }
            } catch {
                failure = error
            }
        }

        private func seal() throws(StoreError) {
            let (packID, pack, index) = writer.finish()
            try StoreFiles.writeAtomically(pack, folder: store.packsPath, finalName: packID.hex + ".pack")
            sealed.append((packID, index))
            writer = PackWriter()
        }
    }
}
