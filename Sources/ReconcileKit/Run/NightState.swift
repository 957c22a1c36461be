/// The stored state one night works on (SPEC §7): the index entries of the keys its
/// records name and the ledger rows its events touch, looked up by key in the state database, and
/// what it changed, written back inside the run's one transaction. Nothing here reads a table of
/// records or events whole.
final class NightState {
    let db: StateDatabase
    /// The last committed run (nil before the first) and the ledger's last line then.
    let head: RunRecord?
    let lastSequence: Int
    /// What the database held for each stored key brought into the night's index, so the
    /// write-back adds only what the night added (a key not here was new tonight).
    private var stored: [RecordKey: IndexEntry] = [:]
    private var pendingObjects: [[UInt8]] = []
    private var objectCount = 0
    private static let objectBatch = 1024
    /// How many keys besides the tenants' the night's index holds before it is written and those
    /// entries dropped (``spillIfFull(_:runID:)``).
    let spillAfter: Int
    /// The index's entries left after the last spill (the tenants').
    private var kept = 0
    /// The ingested files already written.
    private var writtenFiles = Set<ObjectID>()

    /// The number of keys the night's index holds before it is written early: at ~500 bytes a key
    /// with its sightings, ~130 MB.
    static let spillKeys = 262_144

    init(_ db: StateDatabase, spillAfter: Int = NightState.spillKeys) throws {
        self.db = db
        self.spillAfter = spillAfter
        head = try db.runs.head()
        lastSequence = try db.ledger.lastSequence()
    }

    // MARK: The index

    /// The night's index to start from: the ingested files (a few per night, for "already seen")
    /// and every tenant's entry (bank reports need the tenants' accounts, the apply their terms).
    /// Other keys come in as the night's records name them (``prefetch(_:into:)``).
    func startIndex() throws -> RecordIndex {
        var index = RecordIndex()
        let tenantKeys = try db.records.keys(of: .tenant)
        let entries = try db.records.entries(tenantKeys)
        for (key, entry) in entries {
            stored[key] = entry
            index.set(entry, for: key)
        }
        for file in try db.files.all().values { index.files[file.sha256] = file }
        // An empty state (a first run) changes whole: no set of every key admitted is kept.
        if !(index.keys.isEmpty && index.files.isEmpty) { index.markStored() }
        return index
    }

    /// Brings the stored entries of `keys` the night's index does not hold yet into it: one
    /// batched lookup per call (a file's records). A key the database does not hold either is
    /// admitted as new right after, so it is asked for once.
    func prefetch(_ keys: some Sequence<RecordKey>, into index: inout RecordIndex) throws {
        var missing: [RecordKey] = []
        var asked = Set<RecordKey>()
        for key in keys where index.entry(key) == nil && asked.insert(key).inserted { missing.append(key) }
        guard !missing.isEmpty else { return }
        for (key, entry) in try db.records.entries(missing) {
            stored[key] = entry
            index.set(entry, for: key)
        }
    }

    /// Stages a new object's canonical bytes in the night's transaction (in batches); ``writeIndex(_:runID:)``
    /// stores them, in hash order.
    func add(object bytes: [UInt8]) throws {
        pendingObjects.append(bytes)
        if pendingObjects.count >= Self.objectBatch { try flushObjects() }
    }

    private func flushObjects() throws {
        guard !pendingObjects.isEmpty else { return }
        objectCount += pendingObjects.count
        try db.sizeCache(forNewRecords: objectCount)
        try db.objects.stage(pendingObjects)
        pendingObjects.removeAll(keepingCapacity: true)
    }

    /// Writes what the night added to the index: the objects still pending, the ingested files,
    /// the new records, and the versions, conflicts and sightings of the others.
    func writeIndex(_ index: RecordIndex, runID: String) throws {
        try writeObjectsAndFiles(index)
        try write(index.changedKeys, of: index, runID: runID)
    }

    /// Once the index holds more than ``spillAfter`` keys besides the tenants', writes what the
    /// night added to it so far and drops those entries: a first run's million records are never
    /// all held. A key met again is read back from the database, which holds what the night wrote
    /// (``prefetch(_:into:)``), so the night's result is the same. The tenants stay: bank reports
    /// and the apply need every one.
    func spillIfFull(_ index: inout RecordIndex, runID: String) throws {
        guard index.entries.count - kept > spillAfter else { return }
        try writeObjectsAndFiles(index)
        let keys = index.changedKeys.filter { $0.kind != .tenant }
        try write(keys, of: index, runID: runID)
        let dropped = index.keys.filter { $0.kind != .tenant }
        index.drop(dropped)
        for key in dropped { stored[key] = nil }
        kept = index.entries.count
    }

    /// The index entries of `keys`: from the night's index, or, for a key written and dropped
    /// early (``spillIfFull(_:runID:)``), from the database, with its sightings only when asked.
    /// A key known to neither is absent.
    func entries(of keys: [RecordKey], in index: RecordIndex, sightings: Bool = false) throws -> [RecordKey: IndexEntry]
    {
        var found: [RecordKey: IndexEntry] = [:]
        var missing: [RecordKey] = []
        for key in keys {
            if let entry = index.entry(key) { found[key] = entry } else { missing.append(key) }
        }
        guard !missing.isEmpty else { return found }
        if sightings {
            found.merge(try db.records.entries(missing)) { a, _ in a }
        } else {
            for (key, record) in try db.records.records(missing) { found[key] = record.entry(sightings: []) }
        }
        return found
    }

    private func writeObjectsAndFiles(_ index: RecordIndex) throws {
        try flushObjects()
        try db.objects.storeStaged()
        let files = index.changedFiles.filter { !writtenFiles.contains($0) }.sorted()
        try db.files.insert(files.map { index.files[$0]! })
        writtenFiles.formUnion(files)
    }

    /// Writes the index rows of `keys`: new records whole, the others' new versions, conflicts and sightings.
    private func write(_ keys: [RecordKey], of index: RecordIndex, runID: String) throws {
        // In the tables' key order (tenant, kind, id by bytes): a cold load appends to the B-trees
        // instead of inserting at random leaves. A chunk of keys at a time: a first run's rows are
        // never all built at once.
        let keys = keys.sorted(by: Self.inTableOrder)
        var start = 0
        while start < keys.count {
            let chunk = keys[start..<min(start + Self.writeChunk, keys.count)]
            start += chunk.count
            var records: [(key: RecordKey, record: StoredRecord)] = []
            var versions: [(key: RecordKey, version: SnapshotVersion)] = []
            var conflicts: [(key: RecordKey, object: ObjectID)] = []
            // A key's stored entry holds all its sightings: the night's are numbered on from there.
            var sightings: [(key: RecordKey, step: Int, sighting: Sighting)] = []
            for key in chunk {
                let entry = index.entry(key)!
                var before = 0
                if let stored = stored[key] {
                    versions += entry.versions.filter { !stored.versions.contains($0) }.map { (key, $0) }
                    conflicts += entry.conflicts.dropFirst(stored.conflicts.count).map { (key, $0) }
                    before = stored.sightings.count
                } else {
                    records.append(
                        (
                            key,
                            StoredRecord(
                                first: entry.first, firstRunID: runID, versions: entry.versions,
                                conflicts: entry.conflicts)
                        ))
                }
                for (i, sighting) in entry.sightings.enumerated().dropFirst(before) {
                    sightings.append((key, i + 1, sighting))
                }
            }
            try db.records.insert(records)
            try db.records.addVersions(versions)
            try db.records.addConflicts(conflicts)
            try db.records.insertSightings(sightings)
        }
    }

    static let writeChunk = 65_536

    /// `(tenant_id, kind, id)` as the engine orders the records' key: by UTF-8 bytes.
    static func inTableOrder(_ a: RecordKey, _ b: RecordKey) -> Bool {
        let tenant = a.tenantID.rawValue.utf8Compare(b.tenantID.rawValue)
        if tenant != 0 { return tenant < 0 }
        if a.kind != b.kind { return a.kind.rawValue.utf8Compare(b.kind.rawValue) < 0 }
        return a.id.utf8Compare(b.id) < 0
    }

    // MARK: The ledger

    /// The FAILED events `retry` re-attempts, read from their stored records.
    func failedEvents() throws -> [ProviderEvent] {
        let keys = try db.events.failedKeys().map { RecordKey(kind: .event, tenantID: $0.tenantID, id: $0.id) }
        let records = try db.records.records(keys)
        let objects = try db.objects.read(records.values.map(\.first))
        return try keys.compactMap { key in
            guard let record = records[key] else { return nil }
            return try ProviderEvent(canonical: try ObjectReader.parse(objects[record.first], id: record.first))
        }
    }

    /// The night's ledger: the stored bookings `events` may touch — by checkout session, by
    /// (tenant, date), by payment intent within a tenant and, for a refund that names no tenant,
    /// across tenants — with their lines, and the stored states of the events and of those
    /// bookings' events. `lastSequence`: the ledger's last line so far (the stored one's, or the
    /// last an earlier chunk of the night wrote).
    func ledger(for events: [ProviderEvent], lastSequence: Int) throws -> Ledger {
        var eventKeys: [ScopedID] = []
        var sessions: [ScopedID] = []
        var dates: [BookingTable.DateKey] = []
        var intents: [ScopedID] = []
        var bareIntents: [String] = []
        for event in events {
            eventKeys.append(ScopedID(event.tenantID, event.id))
            switch event.kind {
            case .checkoutSessionCompleted:
                guard let metadata = event.checkoutMetadata else { continue }
                if let session = event.dataObjectID { sessions.append(ScopedID(metadata.tenantID, session)) }
                dates.append(BookingTable.DateKey(metadata.tenantID, metadata.eventDate))
                if let intent = event.paymentIntentID { intents.append(ScopedID(metadata.tenantID, intent)) }
            case .chargeRefunded:
                guard let intent = event.paymentIntentID else { continue }
                if event.tenantID == .global {
                    bareIntents.append(intent)
                } else {
                    intents.append(ScopedID(event.tenantID, intent))
                }
            case .other:
                continue
            }
        }
        var bookings = Array(try db.bookings.load(sessions).values)
        bookings += try db.bookings.load(dates: dates).values
        bookings += try db.bookings.load(paymentIntents: intents).values
        bookings += try db.bookings.load(barePaymentIntents: bareIntents).values.joined()
        bookings.sort { ScopedID.precedes($0.key, $1.key) }
        let lines = try db.ledger.lines(ofBookings: bookings.map(\.key))
        eventKeys += bookings.map { ScopedID($0.tenantID, $0.eventID) }
        eventKeys += lines.map(\.eventKey)
        let states = try db.events.load(eventKeys).values.sorted { ScopedID.precedes($0.key, $1.key) }
        return Ledger(stored: bookings, events: states, lines: lines, lastSequence: lastSequence)
    }

    /// Writes what the night changed in its ledger: event states, bookings, new lines, in key order
    /// and a chunk at a time (a first run's million would otherwise be copied whole for the write).
    func writeLedger(_ ledger: Ledger) throws {
        for ids in ledger.changes.eventIDs.sorted(by: ScopedID.precedes).chunks(of: Self.writeChunk) {
            try db.events.upsert(ids.map { ledger.eventState($0)! })
        }
        for ids in ledger.changes.bookingIDs.sorted(by: ScopedID.precedes).chunks(of: Self.writeChunk) {
            try db.bookings.upsert(ids.map { ledger.booking($0)! })
        }
        for lines in ledger.lines[ledger.changes.firstNewLine...].chunks(of: Self.writeChunk) {
            try db.ledger.append(Array(lines))
        }
    }
}

/// Reads objects as JSON: the night's new ones from memory, the others from the database.
struct ObjectReader {
    let pending: [ObjectID: [UInt8]]
    let objects: ObjectTable

    func json(_ id: ObjectID) throws -> JSONValue {
        try Self.parse(try pending[id] ?? objects.read(id), id: id)
    }

    /// Several objects as JSON, those not in memory read in one batched lookup.
    func json(_ ids: [ObjectID]) throws -> [ObjectID: JSONValue] {
        let stored = try objects.read(ids.filter { pending[$0] == nil })
        var found: [ObjectID: JSONValue] = [:]
        for id in ids where found[id] == nil { found[id] = try Self.parse(pending[id] ?? stored[id], id: id) }
        return found
    }

    /// The events held by `ids`, in that order, read in one batched lookup.
    func events(_ ids: [ObjectID]) throws -> [ProviderEvent] {
        let json = try json(ids)
        return try ids.map { id in
            do { return try ProviderEvent(canonical: json[id]!) } catch {
                throw RunFailure(
                    .internalError, "internal error: new event \(id.short) cannot be read back from its canonical form")
            }
        }
    }

    static func parse(_ bytes: [UInt8]?, id: ObjectID) throws -> JSONValue {
        guard let bytes else { throw RunFailure(.internalError, "internal error: object \(id.short) is not stored") }
        do { return try JSONParser().parse(bytes) } catch {
            throw RunFailure(.internalError, "object \(id.short) is not canonical JSON: \(error.reason)")
        }
    }
}
