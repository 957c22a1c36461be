import Testing

@testable import ReconcileKit

/// Objects, the record index and ingested files through ``StateDatabase``, on every engine.
@Suite struct StateObjectAndRecordTests {
    typealias F = StateFixtures

    static let fileA = ObjectID(digestOf: Array("file a".utf8))
    static let fileB = ObjectID(digestOf: Array("file b".utf8))

    @Test(arguments: TestDatabase.engines)
    func objectsRoundTripAndAreNeverOverwritten(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        var random = SplitMix64(seed: 17)
        let objects: [[UInt8]] = [
            [], [0], Array("{\"id\":\"evt_1\"}".utf8), Array(repeating: 0x61, count: 100_000),
            (0..<5_000).map { _ in UInt8(truncatingIfNeeded: random.next()) },
        ]
        let ids = try state.objects.store(objects)
        #expect(ids == objects.map { ObjectID(digestOf: $0) })
        #expect(try state.objects.store(objects[2]) == ids[2])
        let read = try state.objects.read(ids + [ObjectID(digestOf: [9])])
        #expect(read.count == objects.count)
        for (id, bytes) in zip(ids, objects) { #expect(read[id] == bytes) }
        #expect(try state.objects.read(ObjectID(digestOf: [9])) == nil)
        #expect(try state.objects.contains([ids[0], ObjectID(digestOf: [9])]) == [ids[0]])
        // Compressible bytes are stored compressed, incompressible ones as they are.
        let stored = try test.connection.prepare("SELECT sha256, compression, length(bytes) FROM objects").fetchAll {
            row in
            (
                try row.objectID(0, table: "objects", key: ""), try row.get(1, as: String.self),
                try row.get(2, as: Int.self)
            )
        }
        let byID = Dictionary(uniqueKeysWithValues: stored.map { ($0.0, ($0.1, $0.2)) })
        #expect(byID[ids[3]]?.0 == "zlib" && byID[ids[3]]!.1 < 1_000)
        #expect(byID[ids[4]]?.0 == "none")
        #expect(stored.count == objects.count)
    }

    /// A night stages its objects as they come and stores them at once: each once, in hash order
    /// (on SQLite the rowids follow it: a large load appends to the key's B-tree).
    @Test(arguments: TestDatabase.engines)
    func stagedObjectsAreStoredOnceInHashOrder(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let objects = (0..<300).map { Array("{\"id\":\"evt_\($0)\"}".utf8) }
        try state.objects.store(objects[0])  // stored before: staging it again changes nothing
        try state.objects.stage(Array(objects[0..<200]))
        try state.objects.stage(Array(objects[150..<300]) + [objects[7]])  // overlaps and repeats
        #expect(try state.objects.read(ObjectID(digestOf: objects[299])) == nil, "staged, not stored yet")
        try state.objects.storeStaged()
        let read = try state.objects.read(objects.map { ObjectID(digestOf: $0) })
        #expect(read.count == 300)
        for bytes in objects { #expect(read[ObjectID(digestOf: bytes)] == bytes) }
        #expect(
            try test.connection.prepare("SELECT count(*) FROM objects").fetchOne { try $0.get(0, as: Int.self) } == 300)
        if engine == .sqlite {
            let inRowOrder = try test.connection.prepare("SELECT sha256 FROM objects ORDER BY rowid")
                .fetchAll { try $0.get(0, as: [UInt8].self) }.dropFirst()
            #expect(inRowOrder.elementsEqual(inRowOrder.sorted { $0.lexicographicallyPrecedes($1) }))
        }
        try state.objects.storeStaged()  // nothing staged: nothing to do
        try state.objects.stage([Array("late".utf8)])  // staging works again after a store
        try state.objects.storeStaged()
        #expect(try state.objects.read(ObjectID(digestOf: Array("late".utf8))) == Array("late".utf8))
    }

    /// A small night keeps the connection's 64 MiB page cache; a large one gets 256 bytes a new
    /// record, at most 1 GiB, and never less than it had.
    @Test func aLargeNightsPageCacheGrowsWithItsRecords() throws {
        let test = try TestDatabase(.sqlite)
        let state = try StateDatabase(connection: test.connection)
        func cacheKiB() throws -> Int? {
            try test.connection.prepare("PRAGMA cache_size").fetchOne { -(try $0.get(0, as: Int.self)) }
        }
        try state.sizeCache(forNewRecords: 22_000)
        #expect(try cacheKiB() == 65_536)
        try state.sizeCache(forNewRecords: 1_000_000)
        #expect(try cacheKiB() == 250_000)
        try state.sizeCache(forNewRecords: 500_000)
        #expect(try cacheKiB() == 250_000)
        try state.sizeCache(forNewRecords: 40_000_000)
        #expect(try cacheKiB() == 1 << 20)
    }

    @Test(arguments: TestDatabase.engines)
    func anObjectWhoseStoredBytesAreDamagedIsRefusedNamingIt(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let compressed = try state.objects.store(Array(repeating: 0x62, count: 10_000))
        let plain = try state.objects.store([1, 2, 3])
        let tamper = try test.connection.prepare("UPDATE objects SET bytes = ? WHERE sha256 = ?")
        // A flipped byte in a zlib stream, and a changed byte that is stored as it is.
        var bytes = try test.connection.prepare("SELECT bytes FROM objects WHERE sha256 = ?")
            .fetchOne([.blob(compressed.bytes)]) { try $0.get(0, as: [UInt8].self) }!
        bytes[bytes.count / 2] ^= 0xff
        try tamper.execute(.blob(bytes), .blob(compressed.bytes))
        try tamper.execute(.blob([1, 2, 4]), .blob(plain.bytes))
        for id in [compressed, plain] {
            let error = F.error(StateError.self) { _ = try state.objects.read(id) }
            #expect(error?.code == .damagedObject)
            #expect(error?.table == "objects" && error?.key == id.hex)
            #expect(String(describing: error).contains(id.hex))
        }
    }

    /// An event key with a conflict and a booking key with versions, written over two runs.
    @Test(arguments: TestDatabase.engines)
    func indexEntriesRoundTripAcrossRuns(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let event = RecordKey(kind: .event, tenantID: TenantID("t1"), id: "evt_1")
        let booking = RecordKey(kind: .booking, tenantID: TenantID("t1"), id: "bk_1")
        let statement = RecordKey(kind: .bankStatement, tenantID: TenantID("t1"), id: "stmt_1")
        let o = try state.objects.store([[1], [2], [3], [4], [5]])
        func sighting(
            _ run: String, _ file: ObjectID, line: Int?, offset: Int, _ object: ObjectID, _ outcome: DedupOutcome,
            _ source: SourceFormat
        ) -> Sighting {
            Sighting(
                runID: run, path: "in/\(run).json", fileSHA256: file, line: line, byteOffset: offset,
                objectID: object,
                outcome: outcome, source: source)
        }
        var eventEntry = IndexEntry(
            first: o[0], versions: [], conflicts: [],
            sightings: [sighting("r1", Self.fileA, line: 1, offset: 0, o[0], .new, .webhook)])
        var bookingEntry = IndexEntry(
            first: o[2], versions: [SnapshotVersion(exportedAt: 200, objectID: o[2])], conflicts: [],
            sightings: [sighting("r1", Self.fileA, line: nil, offset: 40, o[2], .new, .platformExport)])
        try F.inRun(state, "r1") {
            try state.files.insert([IngestedFile(sha256: Self.fileA, path: "in/r1.json", runID: "r1")])
            try state.records.insert([
                (event, StoredRecord(first: o[0], firstRunID: "r1")),
                (booking, StoredRecord(first: o[2], firstRunID: "r1", versions: bookingEntry.versions)),
                (statement, StoredRecord(first: o[4], firstRunID: "r1", conflicts: [o[3], o[0]])),
            ])
            try state.records.addSightings([(event, eventEntry.sightings[0]), (booking, bookingEntry.sightings[0])])
        }
        #expect(
            try state.records.entries([event, booking, statement]) == [
                event: eventEntry, booking: bookingEntry,
                statement: IndexEntry(first: o[4], versions: [], conflicts: [o[3], o[0]], sightings: []),
            ])

        // The next run: a conflict twice (kept once), a duplicate, an older and a newer version.
        let more: [(RecordKey, Sighting)] = [
            (event, sighting("r2", Self.fileB, line: 3, offset: 90, o[1], .conflict, .webhook)),
            (event, sighting("r2", Self.fileB, line: 4, offset: 120, o[1], .conflict, .listExport)),
            (event, sighting("r2", Self.fileB, line: 5, offset: 150, o[0], .duplicate, .webhook)),
            (booking, sighting("r2", Self.fileB, line: 6, offset: 7, o[3], .newVersion, .platformExport)),
            (booking, sighting("r2", Self.fileB, line: 7, offset: 8, o[1], .newVersion, .platformExport)),
        ]
        try F.inRun(state, "r2") {
            try state.files.insert([IngestedFile(sha256: Self.fileB, path: "in/r2.json", runID: "r2")])
            try state.records.addConflicts([(event, o[1]), (event, o[1])])
            try state.records.addVersions([
                (booking, SnapshotVersion(exportedAt: 300, objectID: o[3])),
                (booking, SnapshotVersion(exportedAt: 100, objectID: o[1])),
                (booking, SnapshotVersion(exportedAt: 200, objectID: o[2])),
            ])
            try state.records.addSightings(more)
        }
        eventEntry.conflicts = [o[1]]
        eventEntry.sightings += more.prefix(3).map(\.1)
        bookingEntry.versions = [
            SnapshotVersion(exportedAt: 100, objectID: o[1]), SnapshotVersion(exportedAt: 200, objectID: o[2]),
            SnapshotVersion(exportedAt: 300, objectID: o[3]),
        ]
        bookingEntry.sightings += more.suffix(2).map(\.1)
        let entries = try StateDatabase(connection: test.reopen()).records.entries([event, booking])
        #expect(entries == [event: eventEntry, booking: bookingEntry])
        #expect(entries[booking]?.latest == o[3])
        #expect(
            try state.records.records([event])[event] == StoredRecord(first: o[0], firstRunID: "r1", conflicts: [o[1]]))
    }

    @Test(arguments: TestDatabase.engines)
    func aBatchLookupOfManyKeysReturnsExactlyThePresentOnes(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let object = try state.objects.store([7])
        let kinds = RecordKind.allCases
        let keys = (0..<5_000).map { i in
            RecordKey(kind: kinds[i % kinds.count], tenantID: TenantID("t\(i % 7)"), id: "id_\(i * 7919 % 5_000)")
        }
        var random = SplitMix64(seed: 5_000)
        let present = keys.filter { _ in random.next() % 2 == 0 }
        try F.inRun(state, "r1") {
            try state.records.insert(present.map { ($0, StoredRecord(first: object, firstRunID: "r1")) })
        }
        let found = try state.records.records(keys + [keys[0]])
        #expect(found.count == present.count)
        #expect(Set(found.keys) == Set(present))
        #expect(found.values.allSatisfy { $0 == StoredRecord(first: object, firstRunID: "r1") })
        #expect(try state.records.records([]).isEmpty)
    }

    @Test(arguments: TestDatabase.engines)
    func aRecordKeyUnderTwoTenantsIsTwoRecords(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let o = try state.objects.store([[1], [2]])
        let one = RecordKey(kind: .event, tenantID: TenantID("t1"), id: "evt_1")
        let two = RecordKey(kind: .event, tenantID: TenantID("t2"), id: "evt_1")
        try F.inRun(state, "r1") {
            try state.records.insert([
                (one, StoredRecord(first: o[0], firstRunID: "r1")), (two, StoredRecord(first: o[1], firstRunID: "r1")),
            ])
        }
        let found = try state.records.records([one, two])
        #expect(found[one]?.first == o[0] && found[two]?.first == o[1])
        let again = F.error(DatabaseError.self) {
            try F.inRun(state, "r2") { try state.records.insert([(one, StoredRecord(first: o[1], firstRunID: "r2"))]) }
        }
        #expect(again?.kind == .uniqueViolation)
        #expect(try state.runs.head()?.runID == "r1")
    }

    @Test(arguments: TestDatabase.engines)
    func ingestedFilesAreFoundByHash(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let files = [
            IngestedFile(sha256: Self.fileA, path: "a/ü.json", runID: "r1"),
            IngestedFile(sha256: Self.fileB, path: "b.xml", runID: "r1"),
        ]
        try F.inRun(state, "r1") { try state.files.insert(files) }
        let unseen = ObjectID(digestOf: [0])
        #expect(try state.files.lookup([Self.fileA, unseen]) == [Self.fileA: files[0]])
        #expect(try state.files.lookup(files.map(\.sha256)).count == 2)
    }
}
