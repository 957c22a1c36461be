import Dispatch

extension DiskStore {
    /// ``RecordStaging`` into pack files. Records are gathered into windows of
    /// ``DiskStore/compressionWindow`` records; each full window goes to a packing thread, which
    /// compresses it in blocks (on ``DiskStore/compressionJobs`` threads), appends them to the pack
    /// being built and lets go of the records' bytes, while the caller goes on admitting records. At
    /// most two windows wait to be packed (memory). A pack is written (one write, one fsync) when it
    /// reaches ``DiskStore/maxPackBytes``, and at the end. The windows and blocks depend only on the
    /// records and their order, so a night's packs are the same bytes however its records were
    /// handed in, and the packing's writes come in one order.
    final class Staging: RecordStaging, @unchecked Sendable {
        private let store: DiskStore
        private let committed: Committed
        private let windowSize: Int
        private let maxPackBytes: Int
        private let blockBytes: Int
        private let jobs: Int
        /// The caller's I/O seam (where tests inject faults) goes with the packing.
        private let io = FileIO.current

        // The caller's side.
        private var added = Set<ObjectID>()
        private var window: [StoreObject] = []
        private var formatChecked = false
        private var callerFailure: StoreError?
        private var finished = false

        // The packing thread's side: touched on `packer`, or once `packer` has drained.
        private let packer = DispatchQueue(label: "reconcile.store.packing")
        private let waiting = DispatchSemaphore(value: 2)
        private var writer = PackWriter()
        private var sealed: [(packID: ObjectID, index: [UInt8])] = []
        private var failure: StoreError?
        private var abandoned = false

        init(store: DiskStore, committed: Committed) {
            self.store = store
            self.committed = committed
            windowSize = max(1, store.compressionWindow)
            maxPackBytes = store.maxPackBytes
            blockBytes = store.blockBytes
            jobs = store.compressionJobs
        }

        func reserveCapacity(_ count: Int) {
            added.reserveCapacity(count)
        }

        func add(_ record: StoreObject) {
            precondition(!finished, "records are added before the staging is finished")
            guard !committed.contains(record.id), added.insert(record.id).inserted else { return }
            window.append(record)
            if window.count >= windowSize { handOver() }
        }

        func finish(crashHook: CrashHook) throws(StoreError) -> StagedRecords {
            precondition(!finished, "a staging is finished once")
            finished = true
            if !window.isEmpty { handOver() }
            packer.sync {}  // every window is packed
            if let failure = callerFailure ?? failure { throw failure }
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

        func abandon() {
            packer.sync { abandoned = true }
        }

        /// Sends the window to the packing thread (waiting while two are still to be packed).
        private func handOver() {
            if !formatChecked {
                formatChecked = true
                do throws(StoreError) {
                    if store.format.version < StoreFormat.blockPacks {
                        try store.upgradeFormat(to: StoreFormat.blockPacks)  // before the first pack an older build cannot read
                    }
                } catch {
                    callerFailure = error
                }
            }
            let records = window
            window = []
            guard callerFailure == nil else { return }
            waiting.wait()
            packer.async { [self] in
                defer { waiting.signal() }
                FileIO.$current.withValue(io) { pack(records) }
            }
        }

        /// Compresses a window into the pack being built; the first error stops the packing and
        /// waits for ``finish(crashHook:)``.
        private func pack(_ records: [StoreObject]) {
            guard failure == nil, !abandoned else { return }
            let blocks = PackWriter.compress(records[...], blockBytes: blockBytes, jobs: jobs)
            do throws(StoreError) {
                for block in blocks {
                    writer.append(block)
                    if writer.byteCount >= maxPackBytes { try seal() }
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
