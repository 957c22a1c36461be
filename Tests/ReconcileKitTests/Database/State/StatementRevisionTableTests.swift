import Testing
@testable import ReconcileKit

/// Statement revisions through ``StatementRevisionTable``, on every engine.
@Suite struct StatementRevisionTableTests {
    typealias F = StateFixtures
    typealias Entry = StatementRevisions.Entry

    static func id(_ tenant: String, _ month: String) -> StatementID { StatementID(tenant: TenantID(tenant), month: month) }

    static func revisions(_ entries: [StatementID: Entry]) -> StatementRevisions {
        var revisions = StatementRevisions()
        revisions.entries = entries
        return revisions
    }

    @Test(arguments: TestDatabase.engines)
    func revisionsRoundTripWholeAndByKey(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let entries = [
            Self.id("t1", "2026-05"): Entry(revision: 1, through: 0, previousThrough: 0),
            Self.id("t1", "2026-06"): Entry(revision: 3, through: 40, previousThrough: 31),
            Self.id("t2", "2026-06"): Entry(revision: 1, through: 12, previousThrough: 0),
        ]
        try state.transaction { try state.statementRevisions.save(entries) }
        let reopened = try StateDatabase(connection: test.reopen()).statementRevisions
        #expect(try reopened.loadAll() == Self.revisions(entries))
        let asked = [Self.id("t1", "2026-06"), Self.id("t2", "2026-06"), Self.id("t2", "2026-05"), Self.id("t1", "2026-06")]
        #expect(try reopened.load(asked) == Self.revisions(entries.filter { $0.key.month == "2026-06" }))
        #expect(try reopened.load([]) == StatementRevisions())
    }

    @Test(arguments: TestDatabase.engines)
    func aSaveReplacesAStatementsRevision(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let june = Self.id("t1", "2026-06")
        try state.statementRevisions.save([june: Entry(revision: 1, through: 10, previousThrough: 0)])
        // A night adds lines 11…14: the statement's next revision runs from line 10.
        var revisions = try state.statementRevisions.load([june])
        revisions.entries[june] = Entry(revision: revisions.entries[june]!.revision + 1, through: 14, previousThrough: 10)
        try state.statementRevisions.save(revisions.entries)
        #expect(try state.statementRevisions.loadAll().entries == [june: Entry(revision: 2, through: 14, previousThrough: 10)])
    }

    @Test(arguments: TestDatabase.engines)
    func theSameMonthUnderTwoTenantsIsTwoStatements(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let one = Self.id("t1", "2026-06"), two = Self.id("t2", "2026-06")
        try state.statementRevisions.save([one: Entry(revision: 1, through: 5, previousThrough: 0),
                                           two: Entry(revision: 2, through: 9, previousThrough: 4)])
        try state.statementRevisions.save([two: Entry(revision: 3, through: 11, previousThrough: 9)])
        #expect(try state.statementRevisions.load([one, two]).entries == [one: Entry(revision: 1, through: 5, previousThrough: 0),
                                                                           two: Entry(revision: 3, through: 11, previousThrough: 9)])
    }
}
