import Testing

@testable import ReconcileKit

/// The rejected records' log through ``RejectionTable``, on every engine.
@Suite struct RejectionTableTests {
    typealias F = StateFixtures

    static let fileA = ObjectID(digestOf: Array("night 1".utf8)), fileB = ObjectID(digestOf: Array("night 2".utf8))

    static func entry(_ run: String, _ file: ObjectID, line: Int?, offset: Int, object: ObjectID?, key: RecordKey?)
        -> RejectedLog.Entry
    {
        RejectedLog.Entry(
            runID: run, path: "in/\(run).ndjson", fileSHA256: file,
            location: Location(line: line, byteOffset: offset),
            reason: "`created` must be an integer", objectID: object, key: key)
    }

    static func replacement(_ run: String, _ object: ObjectID, line: Int?) -> RejectedLog.Replacement {
        RejectedLog.Replacement(
            objectID: object, runID: run, path: "in/\(run).ndjson", location: Location(line: line, byteOffset: 77))
    }

    static func key(_ tenant: String, _ id: String, _ kind: RecordKind = .event) -> RecordKey {
        RecordKey(kind: kind, tenantID: TenantID(tenant), id: id)
    }

    /// Stores the run's file and objects, and saves `log` over `loaded`, in run `run`.
    static func save(
        _ state: StateDatabase, _ run: String, file: ObjectID, objects: [[UInt8]], _ log: RejectedLog,
        since loaded: RejectedLog
    ) throws {
        try F.inRun(state, run) {
            try state.files.insert([IngestedFile(sha256: file, path: "in/\(run).ndjson", runID: run)])
            try state.objects.store(objects)
            try state.rejections.save(log, since: loaded)
        }
    }

    @Test(arguments: TestDatabase.engines)
    func theLogRoundTripsInOrderWithItsReplacements(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        #expect(try state.rejections.load() == RejectedLog())
        let raw: [[UInt8]] = (0..<6).map { Array("raw \($0)".utf8) }
        let o = raw.map { ObjectID(digestOf: $0) }
        let k1 = Self.key("t1", "evt_1")
        let k2 = Self.key("t2", "evt_1")
        let k3 = Self.key("t1", "bk_1", .booking)

        // Night 1: two rejections of k1 and one of k2 and k3, one without a key, one whose bytes
        // were not kept; k3 is accepted later in the same night.
        var night1 = RejectedLog()
        night1.add(Self.entry("r1", Self.fileA, line: 2, offset: 10, object: o[0], key: k1))
        night1.add(Self.entry("r1", Self.fileA, line: nil, offset: 20, object: o[1], key: nil))
        night1.add(Self.entry("r1", Self.fileA, line: 4, offset: 30, object: o[0], key: k1))
        night1.add(Self.entry("r1", Self.fileA, line: 5, offset: 40, object: nil, key: k2))
        night1.add(Self.entry("r1", Self.fileA, line: 6, offset: 50, object: o[2], key: k3))
        _ = night1.replace(k3, by: Self.replacement("r1", o[3], line: 9))
        try Self.save(state, "r1", file: Self.fileA, objects: Array(raw[0...3]), night1, since: RejectedLog())
        let loaded1 = try StateDatabase(connection: test.reopen()).rejections.load()
        #expect(loaded1 == night1)

        // Night 2: k1's two rejections are replaced at once, k3 is rejected again and stays open,
        // a new k1 rejection after the replacement stays open.
        var night2 = loaded1
        _ = night2.replace(k1, by: Self.replacement("r2", o[4], line: nil))
        night2.add(Self.entry("r2", Self.fileB, line: 1, offset: 0, object: o[5], key: k3))
        night2.add(Self.entry("r2", Self.fileB, line: 3, offset: 60, object: o[0], key: k1))
        try Self.save(state, "r2", file: Self.fileB, objects: Array(raw[4...5]), night2, since: loaded1)
        let loaded2 = try StateDatabase(connection: test.reopen()).rejections.load()
        #expect(loaded2 == night2)
        #expect(loaded2.entries.map(\.location.byteOffset) == [10, 20, 30, 40, 50, 0, 60])
        #expect(loaded2.entries.map { $0.replacedBy?.runID } == ["r2", nil, "r2", nil, "r1", nil, nil])

        // What the log does next is what the saved one would do.
        var fromLoaded = loaded2
        var fromSaved = night2
        #expect(
            fromLoaded.replace(k1, by: Self.replacement("r3", o[4], line: 2))
                == fromSaved.replace(k1, by: Self.replacement("r3", o[4], line: 2)))
        #expect(fromLoaded.replace(k3, by: Self.replacement("r3", o[4], line: 2)).count == 1)
        #expect(fromSaved.add(Self.entry("r3", Self.fileB, line: 1, offset: 0, object: o[5], key: nil)) == false)
    }

    @Test(arguments: TestDatabase.engines)
    func aSaveWritesOnlyWhatChanged(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let k1 = Self.key("t1", "evt_1")
        var log = RejectedLog()
        log.add(Self.entry("r1", Self.fileA, line: 2, offset: 10, object: nil, key: k1))
        try Self.save(state, "r1", file: Self.fileA, objects: [], log, since: RejectedLog())
        // A row changed behind the table's back stays as it is when the saved entry did not change.
        try test.connection.prepare("UPDATE rejections SET reason = 'kept' WHERE step = 1").execute([])
        let loaded = try state.rejections.load()
        var next = loaded
        next.add(Self.entry("r2", Self.fileB, line: 3, offset: 0, object: nil, key: nil))
        try Self.save(state, "r2", file: Self.fileB, objects: [], next, since: loaded)
        #expect(try state.rejections.load().entries.map(\.reason) == ["kept", "`created` must be an integer"])
    }

    @Test(arguments: TestDatabase.engines)
    func rowsAddAndReplaceCannotProduceAreUnreadable(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let k1 = Self.key("t1", "evt_1")
        let replacedBy = ObjectID(digestOf: [1])
        var log = RejectedLog()
        log.add(Self.entry("r1", Self.fileA, line: 2, offset: 10, object: nil, key: k1))
        log.add(Self.entry("r1", Self.fileA, line: 3, offset: 20, object: nil, key: k1))
        try Self.save(state, "r1", file: Self.fileA, objects: [[1]], log, since: RejectedLog())
        // The second rejection replaced while the first stays open.
        try test.connection.prepare(
            """
            UPDATE rejections SET replaced_by_object = ?, replaced_by_run = 'r1', replaced_by_path = 'x', replaced_by_byte_offset = 0
            WHERE step = 2
            """
        ).execute([replacedBy.databaseValue])
        let open = F.error(StateError.self) { _ = try state.rejections.load() }
        #expect(open?.code == .unreadableRow && open?.table == "rejections" && open?.key == "step 1")

        try test.connection.prepare("DELETE FROM rejections WHERE step = 1").execute([])
        let gap = F.error(StateError.self) { _ = try state.rejections.load() }
        #expect(gap?.code == .unreadableRow && gap?.key == "step 2")
    }
}
