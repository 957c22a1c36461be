import Testing

@testable import ReconcileKit

/// `gc` on the state database, on every engine.
@Suite struct StateGCTests {
    func storedSize(_ fixture: VerifyFixture, _ id: ObjectID) throws -> Int64? {
        try fixture.test.connection.prepare("SELECT CAST(length(bytes) AS BIGINT) FROM objects WHERE sha256 = ?")
            .fetchOne([id.databaseValue]) { try $0.get(0, as: Int64.self) }
    }

    @Test(arguments: TestDatabase.engines)
    func gcRemovesWhatNothingNamesAndKeepsEveryReferencedObject(engine: DatabaseEngine) throws {
        let fixture = try VerifyFixture(engine)
        let state = fixture.state
        let orphan = fixture.objects["orphan"]!
        // Stored by a run that never committed a row naming it; incompressible, so it fills pages of its own.
        var random = SplitMix64(seed: 3)
        let loose = try state.transaction {
            try state.objects.store((0..<50_000).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        }
        let freed = try #require(try storedSize(fixture, orphan)) + (try #require(try storedSize(fixture, loose)))

        #expect(try state.gc() == GCResult(objectsRemoved: 2, bytesFreed: freed))
        #expect(try state.objects.contains([orphan, loose]).isEmpty)
        // Named by records, conflicts, versions and sightings: all kept, each still reads.
        let kept = fixture.objects.values.filter { $0 != orphan }
        #expect(try state.objects.read(kept).count == kept.count)
        #expect(try state.verify() == [])
        if engine == .sqlite {
            // Compacted: the freed pages went back to the file system.
            #expect(
                try fixture.test.connection.prepare("PRAGMA freelist_count").fetchOne { try $0.get(0, as: Int.self) }
                    == 0)
        }

        #expect(try state.gc() == GCResult())
        #expect(try state.objects.read(kept).count == kept.count)
    }

    @Test(arguments: TestDatabase.engines)
    func gcOfAStateWithNoGarbageRemovesNothing(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        #expect(try state.gc() == GCResult())
        #expect(try state.verify() == [])
    }

    @Test(arguments: TestDatabase.engines)
    func gcInsideATransactionIsRefused(engine: DatabaseEngine) throws {
        let fixture = try VerifyFixture(engine)
        let error = StateFixtures.error(DatabaseError.self) {
            try fixture.state.transaction { _ = try fixture.state.gc() }
        }
        #expect(error?.kind == .misuse)
        #expect(try fixture.state.objects.contains([fixture.objects["orphan"]!]).count == 1)
    }
}
