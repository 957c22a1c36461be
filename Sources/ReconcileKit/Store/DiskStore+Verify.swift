extension DiskStore {
    /// Re-hashes every loose object and every entry of every pack, checks each pack against its
    /// index, checks that HEAD names a root and walks the chain (every parent, pack and blob a root
    /// names must exist). Returns every problem found, each with its path; empty means intact.
    ///
    /// Leftovers of a killed run (temporary files, a pack without its index that no root names,
    /// objects no root names) are not problems: ``gc(holding:)`` removes them.
    public func verify() throws(StoreError) -> [VerifyProblem] {
        var problems: [VerifyProblem] = []
        let loose = try verifyLooseObjects(&problems)
        let packs = try verifyPacks(&problems)
        try verifyChain(looseObjects: loose, packs: packs, &problems)
        return problems
    }

    /// The intact pack files found: their ids and, when readable, their indexes.
    struct FoundPacks {
        var packFiles: Set<ObjectID> = []
        var indexes: [ObjectID: PackIndex] = [:]
    }

    private func verifyLooseObjects(_ problems: inout [VerifyProblem]) throws(StoreError) -> Set<ObjectID> {
        var present = Set<ObjectID>()
        for folder in try StoreFiles.list(objectsPath) where !folder.hasPrefix(StoreFiles.tempPrefix) {
            let folderPath = objectsPath + "/" + folder
            guard folder.utf8.count == 2, StoreFiles.isDirectory(folderPath) else {
                problems.append(VerifyProblem(.unexpectedFile, path: folderPath, "not an object folder"))
                continue
            }
            for name in try StoreFiles.list(folderPath) where !name.hasPrefix(StoreFiles.tempPrefix) {
                let filePath = folderPath + "/" + name
                guard let id = ObjectID(hex: folder + name) else {
                    problems.append(VerifyProblem(.unexpectedFile, path: filePath, "name is not an object id"))
                    continue
                }
                present.insert(id)
                do throws(StoreError) {
                    _ = try readLoose(id)
                } catch {
                    if case .corruptObject(_, _, let reason) = error {
                        problems.append(VerifyProblem(.corruptObject, path: filePath, "object \(id): \(reason)"))
                    } else {
                        throw error
                    }
                }
            }
        }
        return present
    }

    private func verifyPacks(_ problems: inout [VerifyProblem]) throws(StoreError) -> FoundPacks {
        var found = FoundPacks()
        var indexFiles = Set<ObjectID>()
        for name in try StoreFiles.list(packsPath) where !name.hasPrefix(StoreFiles.tempPrefix) {
            let filePath = packsPath + "/" + name
            if name.hasSuffix(".pack"), let id = ObjectID(hex: name.dropLast(5)) {
                found.packFiles.insert(id)
            } else if name.hasSuffix(".idx"), let id = ObjectID(hex: name.dropLast(4)) {
                indexFiles.insert(id)
            } else {
                problems.append(VerifyProblem(.unexpectedFile, path: filePath, "not a pack or pack index"))
            }
        }
        for id in indexFiles.sorted() {
            do throws(StoreError) {
                found.indexes[id] = try loadPackIndex(id)
            } catch {
                guard case .corruptPack(let path, let reason) = error else { throw error }
                problems.append(VerifyProblem(.corruptPackIndex, path: path, reason))
            }
            if !found.packFiles.contains(id) {
                problems.append(VerifyProblem(.missingObject, path: packPath(id), "pack index \(id.short) has no pack"))
            }
        }
        for id in found.packFiles.sorted() {
            try verifyPack(id, index: found.indexes[id], &problems)
        }
        return found
    }

    /// Walks the pack's entries without its index, re-hashing each object, then compares with the
    /// index (every object of a block has an index entry naming that block).
    private func verifyPack(_ packID: ObjectID, index: PackIndex?, _ problems: inout [VerifyProblem]) throws(StoreError) {
        let path = packPath(packID)
        guard let bytes = try StoreFiles.contents(of: path) else { return }
        let walked = walkPack(bytes, path: path, packID: packID, &problems)
        guard let index else { return }   // a leftover without index, or a corrupt index already reported
        var byOffset: [UInt64: [PackIndex.Entry]] = [:]
        for entry in index.entries { byOffset[entry.offset, default: []].append(entry) }
        for entry in walked {
            let at = "at offset \(entry.offset)"
            guard let indexed = byOffset.removeValue(forKey: entry.offset) else {
                problems.append(VerifyProblem(.packIndexMismatch, path: path, "entry \(at) is not in the pack index"))
                continue
            }
            for i in indexed where i.length != entry.length {
                problems.append(VerifyProblem(.packIndexMismatch, path: path, "object \(i.id) \(at): length differs from the index"))
            }
            guard let objects = entry.objects else {
                for i in indexed {
                    problems.append(VerifyProblem(.corruptObject, path: path, "object \(i.id) \(at): \(entry.failure ?? "unreadable")"))
                }
                continue
            }
            // A version-1 entry is one object, named only by the index.
            let named = entry.holdsBlock ? objects : objects.map { (stored: indexed[0].id, actual: $0.actual) }
            for object in named where object.stored != object.actual {
                problems.append(VerifyProblem(.corruptObject, path: path, "object \(object.stored) \(at): content hashes to \(object.actual.short)"))
            }
            let indexedIDs = Set(indexed.map(\.id))
            for object in named where !indexedIDs.contains(object.stored) {
                problems.append(VerifyProblem(.packIndexMismatch, path: path, "object \(object.stored) \(at) is not in the pack index"))
            }
            let walkedIDs = Set(named.map(\.stored))
            for i in indexed where !walkedIDs.contains(i.id) {
                problems.append(VerifyProblem(.packIndexMismatch, path: path, "object \(i.id) \(at) is in the index but not in the pack"))
            }
        }
        for missing in byOffset.values.flatMap({ $0 }).sorted(by: { ($0.offset, $0.id) < ($1.offset, $1.id) }) {
            problems.append(VerifyProblem(.packIndexMismatch, path: path,
                                          "object \(missing.id) at offset \(missing.offset) is in the index but not in the pack"))
        }
    }

    struct WalkedEntry {
        let offset: UInt64
        let length: UInt32
        /// Whether the entry is a block of records (pack version 2) rather than one object.
        let holdsBlock: Bool
        /// Each object: the id stored beside it (version 2) and the hash of its content; nil when
        /// the entry did not decompress or is not a sequence of records.
        let objects: [(stored: ObjectID, actual: ObjectID)]?
        let failure: String?
    }

    private func walkPack(_ bytes: [UInt8], path: String, packID: ObjectID, _ problems: inout [VerifyProblem]) -> [WalkedEntry] {
        let size = bytes.count
        guard size >= PackFormat.packHeaderSize + PackFormat.trailerSize, Array(bytes[0..<4]) == PackFormat.packMagic else {
            problems.append(VerifyProblem(.corruptPack, path: path, "not a pack (bad header or shorter than \(PackFormat.packHeaderSize + PackFormat.trailerSize) bytes)"))
            return []
        }
        let (version, count) = bytes.withUnsafeBytes { (PackFormat.uint32($0, at: 4), Int(PackFormat.uint32($0, at: 8))) }
        guard PackFormat.readable.contains(version) else {
            problems.append(VerifyProblem(.corruptPack, path: path, "unknown pack version \(version)"))
            return []
        }
        var entries: [WalkedEntry] = []
        var offset = PackFormat.packHeaderSize
        let end = size - PackFormat.trailerSize
        for i in 0..<count {
            guard offset + PackFormat.entryHeaderSize <= end else {
                problems.append(VerifyProblem(.corruptPack, path: path, "truncated: pack ends before entry \(i) of \(count) at offset \(offset)"))
                return entries
            }
            let (compressed, raw) = bytes.withUnsafeBytes { (Int(PackFormat.uint32($0, at: offset)), Int(PackFormat.uint32($0, at: offset + 4))) }
            let next = offset + PackFormat.entryHeaderSize + compressed
            guard next <= end else {
                problems.append(VerifyProblem(.corruptPack, path: path, "truncated: entry \(i) of \(count) at offset \(offset) runs past the end"))
                return entries
            }
            let result = bytes.withUnsafeBytes {
                StoreInflater().decompress(UnsafeRawBufferPointer(rebasing: $0[(offset + PackFormat.entryHeaderSize)..<next]), expectedSize: raw)
            }
            let (at, length, block) = (UInt64(offset), UInt32(next - offset), version >= 2)
            switch result {
            case .success(let content) where !block:
                let id = ObjectID(digestOf: content)
                entries.append(WalkedEntry(offset: at, length: length, holdsBlock: false, objects: [(id, id)], failure: nil))
            case .success(let content):
                let objects = content.withUnsafeBytes { raw in
                    PackWriter.records(inBlock: raw).map { records in
                        records.map { (stored: $0.id, actual: ObjectID(digestOf: UnsafeRawBufferPointer(rebasing: raw[$0.bytes]))) }
                    }
                }
                entries.append(WalkedEntry(offset: at, length: length, holdsBlock: true, objects: objects,
                                           failure: objects == nil ? "block is not a sequence of records" : nil))
            case .failure(let failure):
                entries.append(WalkedEntry(offset: at, length: length, holdsBlock: block, objects: nil, failure: failure.reason))
            }
            offset = next
        }
        if offset != end {
            problems.append(VerifyProblem(.corruptPack, path: path, "\(end - offset) unexpected bytes after the last entry"))
            return entries
        }
        let checksum = bytes.withUnsafeBytes { ObjectID(digestOf: UnsafeRawBufferPointer(rebasing: $0[0..<end])) }
        if checksum.bytes[...] != bytes[end...] {
            problems.append(VerifyProblem(.corruptPack, path: path, "pack checksum mismatch"))
        } else if checksum != packID {
            problems.append(VerifyProblem(.corruptPack, path: path, "pack content is pack \(checksum.short), not the one its name says"))
        }
        return entries
    }

    private func verifyChain(looseObjects: Set<ObjectID>, packs: FoundPacks, _ problems: inout [VerifyProblem]) throws(StoreError) {
        let head: ObjectID?
        do throws(StoreError) { head = try self.head() } catch {
            guard case .invalidHead(let path, let reason) = error else { throw error }
            problems.append(VerifyProblem(.invalidHead, path: path, reason))
            return
        }
        var named: [(root: ObjectID, name: String, blob: ObjectID)] = []
        var reachablePacks: [PackIndex] = []
        var seen = Set<ObjectID>()
        var next = head
        var child: ObjectID?
        while let id = next {
            guard seen.insert(id).inserted else {
                problems.append(VerifyProblem(.brokenChain, path: loosePath(id), "root \(id) appears twice in the chain"))
                break
            }
            let path = loosePath(id)
            guard looseObjects.contains(id) else {
                if let child {
                    problems.append(VerifyProblem(.brokenChain, path: loosePath(child),
                                                  "root \(child) names parent \(id), which is missing (expected at \(path))"))
                } else {
                    problems.append(VerifyProblem(.invalidHead, path: headPath, "names root \(id), which is missing (expected at \(path))"))
                }
                break
            }
            let bytes: [UInt8]
            do throws(StoreError) { bytes = try readLoose(id) } catch {
                problems.append(VerifyProblem(.brokenChain, path: path, "chain stops at root \(id): \(error)"))
                break
            }
            let root: StoreRoot
            do throws(RootFormatError) { root = try StoreRoot(parsing: bytes) } catch {
                problems.append(VerifyProblem(.invalidRoot, path: path, "object \(id): \(error.reason)"))
                break
            }
            for packID in root.packs {
                if !packs.packFiles.contains(packID) {
                    problems.append(VerifyProblem(.missingObject, path: packPath(packID), "root \(id.short) names pack \(packID.short), which is missing"))
                }
                if let index = packs.indexes[packID] {
                    reachablePacks.append(index)
                } else if !StoreFiles.exists(packIndexPath(packID)) {
                    problems.append(VerifyProblem(.corruptPackIndex, path: packIndexPath(packID), "root \(id.short) names pack \(packID.short), whose index is missing"))
                }
            }
            for (name, blob) in root.blobs.sorted(by: { $0.key < $1.key }) { named.append((id, name, blob)) }
            child = id
            next = root.parent
        }
        for (root, name, blob) in named where !looseObjects.contains(blob) && !reachablePacks.contains(where: { $0.contains(blob) }) {
            problems.append(VerifyProblem(.missingObject, path: loosePath(blob),
                                          "root \(root.short) names blob '\(name)' \(blob), which is missing"))
        }
    }
}
