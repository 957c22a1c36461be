#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The state store in a folder (default `./.reconcile`); layout and commit order are in
/// `docs/store-format.md`.
///
/// Not thread-safe, and not safe against other processes by itself: hold ``acquireLock(wait:)``
/// from reading the head to the end of the commit (and around ``gc(holding:)``).
public final class DiskStore: StateStore {
    public let path: String
    /// A run's records go into one pack until it reaches this many bytes, then into the next.
    public var maxPackBytes = 256 << 20
    /// A pack's records are compressed in blocks of about this many raw bytes (docs/store-format.md).
    public var blockBytes = 8 << 10
    /// Threads that compress a commit's records (the result does not depend on it).
    public var compressionJobs = Clock.cores()
    /// Records are compressed, and their bytes let go, this many at a time (``RecordStaging``).
    public var compressionWindow = 65_536

    /// What the chain from one head makes visible.
    struct Committed {
        var head: ObjectID?
        var packs: [PackIndex] = []
        /// Roots and named blobs (stored loose unless already packed).
        var loose: Set<ObjectID> = []
    }

    private var committed: Committed?
    private var packFiles: [ObjectID: Int32] = [:]
    private var lastEntry: (pack: ObjectID, offset: UInt64, raw: [UInt8])?
    private let inflater = StoreInflater()
    private let deflater = StoreDeflater(level: StoreDeflater.packLevel)

    var objectsPath: String { path + "/objects" }
    var packsPath: String { path + "/packs" }
    var headPath: String { path + "/HEAD" }
    var formatPath: String { path + "/FORMAT" }

    /// The version in `FORMAT` (``StoreFormat``).
    public private(set) var format = StoreFormat.current

    private init(path: String) {
        self.path = path
    }

    deinit {
        for fd in packFiles.values { close(fd) }
    }

    /// Opens the store at `path`, creating it (and missing parent folders) on first use when
    /// `create` is true. A folder with an unknown `FORMAT` version is refused; a non-empty folder
    /// without one is not taken over.
    ///
    /// Creating a store here takes no lock: two processes creating one store at once must use
    /// ``openLocked(at:wait:create:whileLocked:)``, as a run does.
    public static func open(at path: String, create: Bool = true) throws(StoreError) -> DiskStore {
        let store = DiskStore(path: path)
        guard let formatBytes = try StoreFiles.contents(of: store.formatPath) else {
            guard create, try isEmptyOrMissing(path) else { throw .notAStore(path: path) }
            try store.create()
            return store
        }
        let text = String(decoding: formatBytes, as: UTF8.self)
        guard let format = StoreFormat.parse(text), StoreFormat.supported.contains(format.version) else {
            let firstLine = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            throw .unsupportedFormat(path: store.formatPath, found: String(firstLine.prefix(80)))
        }
        try StoreFiles.makeDirectory(store.objectsPath)
        try StoreFiles.makeDirectory(store.packsPath)
        store.format = format
        return store
    }

    /// Opens the store at `path` and takes its lock (``StoreLock``); a store that does not exist
    /// yet is created under the lock. So of two runs that find one missing or empty folder at once,
    /// one creates the store and the other is refused with ``StoreError/locked(path:holder:)``
    /// (or, with `wait`, opens the store the first one made once it is released), never with
    /// ``StoreError/notAStore(path:)`` about a half-made folder. `whileLocked` runs right after the
    /// lock is taken, before the store is created or read (tests pause a run there).
    ///
    /// A folder that holds nothing but `lock` and `tmp-*` files is empty: what a creator killed
    /// before it wrote `FORMAT` leaves (`FORMAT` is written first; the folders after it).
    public static func openLocked(at path: String, wait: Bool, create: Bool = true,
                                  whileLocked: () -> Void = {}) throws(StoreError) -> (store: DiskStore, lock: StoreLock) {
        let formatPath = path + "/FORMAT"
        guard create, !StoreFiles.exists(formatPath), try isEmptyOrMissing(path) else {
            // Checked again after the listing: what a concurrent creator adds comes after its FORMAT.
            // A foreign folder is refused before anything is written in it (no lock file).
            if create, !StoreFiles.exists(formatPath) { throw .notAStore(path: path) }
            let store = try open(at: path, create: false)
            let lock = try store.acquireLock(wait: wait)
            whileLocked()
            return (store, lock)
        }
        try makeDirectories(path)
        let lock = try StoreLock.acquire(storePath: path, wait: wait)
        whileLocked()
        do throws(StoreError) {
            // Under the lock: the store a waited-for creator finished is opened, not created again.
            return (try open(at: path, create: true), lock)
        } catch {
            lock.release()
            throw error
        }
    }

    /// Whether `path` is missing, or holds nothing but the lock and temporary files.
    private static func isEmptyOrMissing(_ path: String) throws(StoreError) -> Bool {
        try StoreFiles.list(path).allSatisfy { $0 == "lock" || $0.hasPrefix(StoreFiles.tempPrefix) }
    }

    private static func makeDirectories(_ path: String) throws(StoreError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            try StoreFiles.makeDirectory(prefix)
        }
    }

    /// `FORMAT` first (atomically), then the folders: a store is a store from the moment its
    /// `FORMAT` exists, and a creator killed before that leaves a folder that counts as empty.
    private func create() throws(StoreError) {
        try Self.makeDirectories(path)
        try StoreFiles.writeAtomically(Array((StoreFormat.current.line + "\n").utf8), folder: path, finalName: "FORMAT")
        try StoreFiles.makeDirectory(objectsPath)
        try StoreFiles.makeDirectory(packsPath)
        try StoreFiles.fsyncDirectory(path)
    }

    /// Takes the store's exclusive lock (see ``StoreLock``).
    public func acquireLock(wait: Bool) throws(StoreError) -> StoreLock {
        try StoreLock.acquire(storePath: path, wait: wait)
    }

    // MARK: Paths

    /// `objects/ab/cdef…`: loose objects fan out by their first two hex digits.
    public func loosePath(_ id: ObjectID) -> String {
        let hex = id.hex
        return objectsPath + "/" + hex.prefix(2) + "/" + hex.dropFirst(2)
    }

    public func packPath(_ packID: ObjectID) -> String { packsPath + "/" + packID.hex + ".pack" }
    public func packIndexPath(_ packID: ObjectID) -> String { packsPath + "/" + packID.hex + ".idx" }

    // MARK: Reading

    public func head() throws(StoreError) -> ObjectID? {
        guard let bytes = try StoreFiles.contents(of: headPath) else { return nil }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        guard let id = ObjectID(hex: text) else {
            throw .invalidHead(path: headPath, reason: "does not hold one object id")
        }
        return id
    }

    public func read(_ id: ObjectID) throws(StoreError) -> [UInt8] {
        let state = try loadCommitted()
        for pack in state.packs {
            if let entry = pack.find(id) { return try readPacked(id, entry: entry, pack: pack) }
        }
        guard state.loose.contains(id) else { throw .missingObject(id: id) }
        return try readLoose(id)
    }

    public func contains(_ id: ObjectID) throws(StoreError) -> Bool {
        try loadCommitted().contains(id)
    }

    public func readRoot(_ id: ObjectID) throws(StoreError) -> StoreRoot {
        try readRoot(id, place: loosePath(id))
    }

    /// Reads a loose object and checks it hashes to its name.
    func readLoose(_ id: ObjectID) throws(StoreError) -> [UInt8] {
        let path = loosePath(id)
        guard let stored = try StoreFiles.contents(of: path) else {
            throw .corruptObject(id: id, path: path, reason: "object file is missing")
        }
        return try decodeVerified(stored, id: id, place: path, expectedSize: nil)
    }

    private func readPacked(_ id: ObjectID, entry: PackIndex.Entry, pack: PackIndex) throws(StoreError) -> [UInt8] {
        let place = "\(packPath(pack.packID)) at offset \(entry.offset)"
        let raw = try readEntry(entry, of: pack, id: id, place: place)
        let bytes: [UInt8]
        if pack.version >= 2 {
            guard let record = raw.withUnsafeBytes({ PackWriter.records(inBlock: $0) })?.first(where: { $0.id == id }) else {
                throw .corruptObject(id: id, path: place, reason: "the block the index names does not hold the object")
            }
            bytes = Array(raw[record.bytes])
        } else {
            bytes = raw  // a version-1 entry is the object itself
        }
        let actual = ObjectID(digestOf: bytes)
        guard actual == id else { throw .corruptObject(id: id, path: place, reason: "content hashes to \(actual.short)") }
        return bytes
    }

    /// The inflated bytes of the pack entry an index entry names: a block of records (version 2)
    /// or one object (version 1). The last entry read is kept: objects read in pack order, as a run
    /// reads a night's records, inflate each block once.
    private func readEntry(_ entry: PackIndex.Entry, of pack: PackIndex, id: ObjectID, place: String) throws(StoreError) -> [UInt8] {
        if let cached = lastEntry, cached.pack == pack.packID, cached.offset == entry.offset { return cached.raw }
        let path = packPath(pack.packID)
        guard entry.length >= PackFormat.entryHeaderSize else {
            throw .corruptObject(id: id, path: place, reason: "index entry is shorter than an entry header")
        }
        let bytes: [UInt8]
        do throws(StoreError) {
            bytes = try StoreFiles.readExactly(fd: try packFile(pack.packID), path: path, offset: entry.offset, count: Int(entry.length))
        } catch {
            if case .corruptPack(_, let reason) = error { throw .corruptObject(id: id, path: place, reason: reason) }
            throw error
        }
        let (compressed, rawSize) = bytes.withUnsafeBytes { (Int(PackFormat.uint32($0, at: 0)), Int(PackFormat.uint32($0, at: 4))) }
        guard compressed + PackFormat.entryHeaderSize == bytes.count else {
            throw .corruptObject(id: id, path: place, reason: "entry header does not match the index")
        }
        let inflated = bytes.withUnsafeBytes {
            inflater.decompress(UnsafeRawBufferPointer(rebasing: $0[PackFormat.entryHeaderSize...]), expectedSize: rawSize)
        }
        switch inflated {
        case .failure(let failure): throw .corruptObject(id: id, path: place, reason: failure.reason)
        case .success(let raw):
            lastEntry = (pack.packID, entry.offset, raw)
            return raw
        }
    }

    func decodeVerified(_ stored: [UInt8], id: ObjectID, place: String, expectedSize: Int?) throws(StoreError) -> [UInt8] {
        let result: Result<[UInt8], StoreError> = stored.withUnsafeBytes { buffer in
            do throws(StoreError) {
                return .success(try decodeVerified(buffer, id: id, place: place, expectedSize: expectedSize))
            } catch { return .failure(error) }
        }
        return try result.get()
    }

    func decodeVerified(_ stored: UnsafeRawBufferPointer, id: ObjectID, place: String, expectedSize: Int?) throws(StoreError) -> [UInt8] {
        switch inflater.decompress(stored, expectedSize: expectedSize) {
        case .failure(let failure):
            throw .corruptObject(id: id, path: place, reason: failure.reason)
        case .success(let bytes):
            let actual = ObjectID(digestOf: bytes)
            guard actual == id else {
                throw .corruptObject(id: id, path: place, reason: "content hashes to \(actual.short)")
            }
            return bytes
        }
    }

    private func packFile(_ packID: ObjectID) throws(StoreError) -> Int32 {
        if let fd = packFiles[packID] { return fd }
        let path = packPath(packID)
        let fd = try StoreFiles.openForReading(path)
        packFiles[packID] = fd
        return fd
    }

    func loadPackIndex(_ packID: ObjectID) throws(StoreError) -> PackIndex {
        let path = packIndexPath(packID)
        guard let bytes = try StoreFiles.contents(of: path) else {
            throw .corruptPack(path: path, reason: "pack index is missing")
        }
        do { return try PackIndex(bytes: bytes, expectedPackID: packID) } catch {
            throw .corruptPack(path: path, reason: error.reason)
        }
    }

    /// The committed state of the current head, walked from `HEAD` once and then kept up to date by
    /// commits.
    func loadCommitted() throws(StoreError) -> Committed {
        if let committed { return committed }
        let head = try head()
        var state = Committed(head: head)
        for entry in try walkChain(from: head) {
            state.loose.insert(entry.id)
            state.loose.formUnion(entry.root.blobs.values)
            for packID in entry.root.packs { state.packs.append(try loadPackIndex(packID)) }
        }
        committed = state
        return state
    }

    /// Every root from `head` back to the first, newest first; fails on the first unreadable one.
    func walkChain(from head: ObjectID?) throws(StoreError) -> [LogEntry] {
        var entries: [LogEntry] = []
        var seen = Set<ObjectID>()
        var next = head
        while let id = next, seen.insert(id).inserted {
            let bytes = try readLoose(id)
            let root: StoreRoot
            do { root = try StoreRoot(parsing: bytes) } catch {
                throw .invalidRoot(id: id, path: loosePath(id), reason: error.reason)
            }
            entries.append(LogEntry(id: id, root: root))
            next = root.parent
        }
        return entries
    }

    // MARK: Committing

    public func beginStaging() throws(StoreError) -> any RecordStaging {
        let current = try head()
        if committed?.head != current { committed = nil }
        return Staging(store: self, committed: try loadCommitted())
    }

    public func commit(_ transaction: StoreTransaction, crashHook: CrashHook) throws(StoreError) -> ObjectID {
        precondition(transaction.staged == nil || transaction.records.isEmpty, "a transaction has staged records or records, not both")
        let current = try head()
        guard current == transaction.parent else { throw .headMoved(expected: transaction.parent, found: current) }
        let staged: StagedRecords
        if let given = transaction.staged { staged = given } else { staged = try stage(transaction.records, crashHook: crashHook) }
        for packID in staged.packs where !StoreFiles.exists(packPath(packID)) || !StoreFiles.exists(packIndexPath(packID)) {
            throw .missingObject(id: packID)
        }
        if committed?.head != current { committed = nil }
        var state = try loadCommitted()
        let newPacks = staged.indexes
        var written = Set<ObjectID>()

        // 3. Named blobs, loose.
        var folders = Set<String>()
        var blobIDs: [String: ObjectID] = [:]
        if !transaction.blobs.isEmpty, format.version < StoreFormat.sectionedLedger {
            try upgradeFormat(to: StoreFormat.sectionedLedger)  // before the first snapshot an older build cannot read
        }
        for name in transaction.blobs.keys.sorted() {
            let bytes = transaction.blobs[name]!
            let id = ObjectID(digestOf: bytes)
            blobIDs[name] = id
            if state.contains(id) || newPacks.contains(where: { $0.contains(id) }) || !written.insert(id).inserted { continue }
            try writeLoose(id, bytes: bytes, folders: &folders)
        }
        try syncFolders(folders)
        if transaction.minimumFormat > format.version { try upgradeFormat(to: transaction.minimumFormat) }
        // A root that names deltas must not be read by a build that knows only whole snapshots.
        if !transaction.carriedBlobs.isEmpty, format.version < StoreFormat.deltas {
            try upgradeFormat(to: StoreFormat.deltas)
        }
        for (name, id) in transaction.carriedBlobs {
            guard state.contains(id) || newPacks.contains(where: { $0.contains(id) }) else { throw .missingObject(id: id) }
            blobIDs[name] = id
        }
        try crashHook.body(.afterIndex)

        // 4. The root.
        let root = StoreRoot(parent: current, runID: transaction.runID, time: transaction.time, inputs: transaction.inputs,
                             packs: staged.packs, blobs: blobIDs, counts: transaction.counts)
        let rootBytes = root.canonicalBytes
        let rootID = ObjectID(digestOf: rootBytes)
        folders = []
        try writeLoose(rootID, bytes: rootBytes, folders: &folders)
        try syncFolders(folders)
        try crashHook.body(.afterRoot)

        // 5. The head: temporary file, fsync, rename, fsync the folder.
        let temp = try StoreFiles.writeTemporary(Array((rootID.hex + "\n").utf8), folder: path, label: "HEAD")
        try crashHook.body(.beforeHead)
        try StoreFiles.move(temp, to: headPath)
        try StoreFiles.fsyncDirectory(path)

        state.head = rootID
        state.packs.append(contentsOf: newPacks)
        state.loose.insert(rootID)
        state.loose.formUnion(blobIDs.values)
        committed = state
        try crashHook.body(.afterHead)
        return rootID
    }

    /// Says `version` in `FORMAT` (atomically), so an older build refuses the store instead of
    /// misreading what follows.
    func upgradeFormat(to version: Int) throws(StoreError) {
        let upgraded = StoreFormat(version: version)
        try StoreFiles.writeAtomically(Array((upgraded.line + "\n").utf8), folder: path, finalName: "FORMAT")
        try StoreFiles.fsyncDirectory(path)
        format = upgraded
    }

    /// Writes a loose object unless an intact copy is already there (a leftover of a killed run is
    /// re-hashed before it is trusted, and replaced if damaged). Never overwrites a good object.
    private func writeLoose(_ id: ObjectID, bytes: [UInt8], folders: inout Set<String>) throws(StoreError) {
        let path = loosePath(id)
        if StoreFiles.exists(path), (try? readLoose(id)) != nil { return }
        let folder = objectsPath + "/" + id.hex.prefix(2)
        if !StoreFiles.isDirectory(folder) {
            try StoreFiles.makeDirectory(folder)
            folders.insert(objectsPath)
        }
        try StoreFiles.writeAtomically(folder: folder, finalName: String(id.hex.dropFirst(2))) { write throws(StoreError) in
            try deflater.compress(bytes, into: write)  // in pieces: a snapshot is not held compressed too
        }
        folders.insert(folder)
    }

    private func syncFolders(_ folders: Set<String>) throws(StoreError) {
        for folder in folders.sorted() { try StoreFiles.fsyncDirectory(folder) }
    }
}

extension DiskStore.Committed {
    func contains(_ id: ObjectID) -> Bool {
        packs.contains { $0.contains(id) } || loose.contains(id)
    }
}
