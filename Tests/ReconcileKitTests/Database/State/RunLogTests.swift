import Testing

@testable import ReconcileKit

/// The run log's hash chain and the head, on every engine.
@Suite struct RunLogTests {
    typealias F = StateFixtures

    @Test(arguments: TestDatabase.engines)
    func eachRootNamesItsParentAndTheChainWalksBackToTheFirst(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        #expect(try state.runs.head() == nil)
        #expect(try state.runs.chain().isEmpty)
        let first = try state.runs.commit(
            runID: "r1", time: 10, asOf: F.asOf, manifest: [], changesDigest: ObjectID(digestOf: [1]))
        let second = try state.runs.commit(
            runID: "r2", time: 20, asOf: F.asOf, manifest: Array("{\"n\":2}".utf8),
            changesDigest: ObjectID(digestOf: [2]))
        let third = try F.inRun(state, "r3") { 0 }
        #expect(first.parent == nil && second.parent == first.root)
        #expect(
            second.root
                == RunRecord.root(
                    parent: first.root, manifest: Array("{\"n\":2}".utf8), changesDigest: ObjectID(digestOf: [2])))
        #expect(first.root != RunRecord.root(parent: nil, manifest: [0], changesDigest: ObjectID(digestOf: [1])))
        let chain = try StateDatabase(connection: test.reopen()).runs.chain()
        #expect(chain.map(\.runID) == ["r3", "r2", "r1"])
        #expect(chain[1] == second && chain[2] == first)
        #expect(chain[0].parent == second.root && third == 0)
        #expect(try state.runs.run(root: first.root) == first)
    }

    @Test(arguments: TestDatabase.engines)
    func aThrowInsideTheTransactionLeavesThePreviousHeadAndNoRunRow(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let first = try F.inRun(state, "r1") { try state.runs.head() }
        #expect(first == nil)
        let head = try state.runs.head()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try state.transaction {
                try state.events.upsert([F.event("t1", "evt_1", run: "r2")])
                let moved = try state.runs.commit(
                    runID: "r2", time: 2, asOf: F.asOf, manifest: [], changesDigest: ObjectID(digestOf: [2]))
                #expect(try state.runs.head() == moved)
                throw Boom()
            }
        }
        #expect(try state.runs.head() == head)
        #expect(try state.runs.chain().map(\.runID) == ["r1"])
        #expect(try state.events.load([ScopedID(TenantID("t1"), "evt_1")]).isEmpty)
        // A row that names a run never committed cannot commit either.
        let orphan = F.error(DatabaseError.self) {
            try state.transaction { try state.events.upsert([F.event("t1", "evt_1", run: "r9")]) }
        }
        #expect(orphan?.kind == .foreignKeyViolation || orphan?.code == "23503")
        #expect(try state.runs.head() == head)
    }

    @Test(arguments: TestDatabase.engines)
    func aRunRowChangedAfterItsCommitBreaksTheChainNamingTheRun(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        try F.inRun(state, "r1") {}
        try F.inRun(state, "r2") {}
        try test.connection.prepare("UPDATE runs SET manifest = ? WHERE run_id = 'r1'").execute(.blob(Array("{}".utf8)))
        let error = F.error(StateError.self) { _ = try state.runs.chain() }
        #expect(error?.code == .brokenChain && error?.table == "runs" && error?.key == "r1")
    }

    @Test(arguments: TestDatabase.engines)
    func aRunBegunFirstCommitsTheSameRowAndRootAsARunAddedAtItsCommit(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let plain = try state.runs.commit(
            runID: "r1", time: 10, asOf: F.asOf, manifest: [1], changesDigest: ObjectID(digestOf: [1]))
        let begun = try state.transaction {
            try state.runs.begin(runID: "r2", time: 20, asOf: F.asOf)
            try state.events.upsert([F.event("t1", "evt_1", run: "r2")])
            return try state.runs.commit(
                runID: "r2", time: 20, asOf: F.asOf, manifest: [2], changesDigest: ObjectID(digestOf: [2]))
        }
        #expect(begun.parent == plain.root)
        #expect(begun.root == RunRecord.root(parent: plain.root, manifest: [2], changesDigest: ObjectID(digestOf: [2])))
        #expect(try state.runs.head() == begun)
        #expect(try state.runs.chain().map(\.runID) == ["r2", "r1"])
        #expect(try state.events.load([ScopedID(TenantID("t1"), "evt_1")]).count == 1)
        // Begun and never committed, the run leaves no row.
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try state.transaction {
                try state.runs.begin(runID: "r3", time: 30, asOf: F.asOf)
                throw Boom()
            }
        }
        #expect(try state.runs.chain().map(\.runID) == ["r2", "r1"])
    }

    /// SQLite answers an insert into a parent table with a scan of its children while any deferred
    /// reference is unresolved; a run that adds its row first leaves none.
    @Test func rowsNamingARunBegunFirstLeaveNoDeferredReferenceUnresolved() throws {
        let test = try TestDatabase(.sqlite)
        let state = try StateDatabase(connection: test.connection)
        let sqlite = try #require(test.connection as? SQLiteConnection)
        let file = IngestedFile(
            sha256: ObjectID(hex: String(repeating: "ab", count: 32))!, path: "webhooks/a.ndjson", runID: "r1")
        try state.transaction {
            try state.runs.begin(runID: "r1", time: 10, asOf: F.asOf)
            try state.files.insert([file])
            try state.events.upsert([F.event("t1", "evt_1", run: "r1")])
            #expect(!sqlite.hasUnresolvedDeferredReferences)
            try state.runs.commit(
                runID: "r1", time: 10, asOf: F.asOf, manifest: [], changesDigest: ObjectID(digestOf: [1]))
        }
        try state.transaction {
            try state.events.upsert([F.event("t1", "evt_2", run: "r2")])
            #expect(sqlite.hasUnresolvedDeferredReferences)
            try state.runs.commit(
                runID: "r2", time: 20, asOf: F.asOf, manifest: [], changesDigest: ObjectID(digestOf: [2]))
            #expect(!sqlite.hasUnresolvedDeferredReferences)
        }
    }
}
