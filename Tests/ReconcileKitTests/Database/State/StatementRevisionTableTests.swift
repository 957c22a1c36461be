import Testing

@testable import ReconcileKit

/// Statement revisions through ``StatementRevisionTable``, on every engine.
@Suite struct StatementRevisionTableTests {
    typealias F = StateFixtures
    typealias Entry = StatementRevisions.Entry

    static func id(_ tenant: String, _ month: String) -> StatementID {
        StatementID(tenant: TenantID(tenant), month: month)
    }

    static func revisions(_ entries: [StatementID: Entry]) -> StatementRevisions {
        var revisions = StatementRevisions()
        revisions.entries = entries
        return revisions
    }

    @Test(arguments: TestDatabase.engines)
    func revisionsRoundTripByKey(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let entries = [
            Self.id("t1", "2026-05"): Entry(revision: 1, through: 0, previousThrough: 0),
            Self.id("t1", "2026-06"): Entry(revision: 3, through: 40, previousThrough: 31),
            Self.id("t2", "2026-06"): Entry(revision: 1, through: 12, previousThrough: 0),
        ]
        try state.transaction { try state.statementRevisions.save(entries) }
        let reopened = try StateDatabase(connection: test.reopen()).statementRevisions
        #expect(try reopened.load(Array(entries.keys)) == Self.revisions(entries))
        let asked = [
            Self.id("t1", "2026-06"), Self.id("t2", "2026-06"), Self.id("t2", "2026-05"), Self.id("t1", "2026-06"),
        ]
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
        revisions.entries[june] = Entry(
            revision: revisions.entries[june]!.revision + 1, through: 14, previousThrough: 10)
        try state.statementRevisions.save(revisions.entries)
        #expect(
            try state.statementRevisions.load([june]).entries == [
                june: Entry(revision: 2, through: 14, previousThrough: 10)
            ])
    }

    @Test(arguments: TestDatabase.engines)
    func theSameMonthUnderTwoTenantsIsTwoStatements(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let one = Self.id("t1", "2026-06")
        let two = Self.id("t2", "2026-06")
        try state.statementRevisions.save([
            one: Entry(revision: 1, through: 5, previousThrough: 0),
            two: Entry(revision: 2, through: 9, previousThrough: 4),
        ])
        try state.statementRevisions.save([two: Entry(revision: 3, through: 11, previousThrough: 9)])
        #expect(
            try state.statementRevisions.load([one, two]).entries == [
                one: Entry(revision: 1, through: 5, previousThrough: 0),
                two: Entry(revision: 3, through: 11, previousThrough: 9),
            ])
    }

    /// A night asks for the statements the outbox cannot name (rebuilt every night) without
    /// holding every statement's revision.
    @Test(arguments: TestDatabase.engines)
    func theIDsAskedForAreTheOnesKeptRowByRow(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let named = Self.id("t1", "2026-06")
        let unnamed = Self.id("t1/../t2", "2026-06")
        try state.statementRevisions.save([
            named: Entry(revision: 1, through: 5, previousThrough: 0),
            unnamed: Entry(revision: 1, through: 7, previousThrough: 0),
        ])
        #expect(try state.statementRevisions.ids { SkippedStatement.reason($0) != nil } == [unnamed])
        #expect(Set(try state.statementRevisions.ids { _ in true }) == [named, unnamed])
    }

    @Test(arguments: TestDatabase.engines)
    func numberingABatchStoresOnlyTheRevisionsItChanged(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let june = Self.id("t1", "2026-06")
        let july = Self.id("t1", "2026-07")
        try state.statementRevisions.save([
            june: Entry(revision: 2, through: 10, previousThrough: 4),
            july: Entry(revision: 1, through: 12, previousThrough: 0),
        ])
        func statement(_ month: String, through sequence: Int) -> CommissionStatement {
            let line = CommissionStatement.Line.payment(
                date: "\(month)-03", bookingID: "cs_1", eventID: "evt_\(sequence)", rate: BasisPoints(700),
                grossCents: 1_000, commissionCents: 70, sequence: sequence)
            return CommissionStatement(
                tenantID: TenantID("t1"), tenantName: "T1", month: month, currency: "usd", lines: [line])
        }
        // June gains line 14; July is unchanged; August is new.
        var statements = [
            statement("2026-06", through: 14), statement("2026-07", through: 12), statement("2026-08", through: 15),
        ]
        try state.statementRevisions.number(&statements)
        #expect(statements.map(\.revision) == [3, 1, 1])
        #expect(statements.map(\.revisedAfterLine) == [10, nil, nil])
        let august = Self.id("t1", "2026-08")
        #expect(
            try state.statementRevisions.load([june, july, august]).entries == [
                june: Entry(revision: 3, through: 14, previousThrough: 10),
                july: Entry(revision: 1, through: 12, previousThrough: 0),
                august: Entry(revision: 1, through: 15, previousThrough: 0),
            ])
    }
}
