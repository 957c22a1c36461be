import Testing

@testable import ReconcileKit

/// Closed months through ``ClosedMonthTable``, on every engine.
@Suite struct ClosedMonthTableTests {
    typealias F = StateFixtures

    @Test(arguments: TestDatabase.engines)
    func closedMonthsRoundTrip(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        #expect(try state.closedMonths.load() == ClosedMonths())
        var closed = ClosedMonths()
        closed.months["2026-05"] = ClosedMonths.Closing(runID: "r1", asOf: 1_780_000_000, lineCount: 0)
        closed.months["2026-06"] = ClosedMonths.Closing(runID: "close-2026-06", asOf: -1, lineCount: 12_345)
        try F.inRun(state, "r1") { try state.closedMonths.close(month: "2026-05", closing: closed.months["2026-05"]!) }
        try F.inRun(state, "close-2026-06") {
            try state.closedMonths.close(month: "2026-06", closing: closed.months["2026-06"]!)
        }
        #expect(try StateDatabase(connection: test.reopen()).closedMonths.load() == closed)
    }

    @Test(arguments: TestDatabase.engines)
    func aClosedMonthIsNotClosedAgain(engine: DatabaseEngine) throws {
        let test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        let first = ClosedMonths.Closing(runID: "r1", asOf: 10, lineCount: 3)
        try F.inRun(state, "r1") { try state.closedMonths.close(month: "2026-05", closing: first) }
        let again = F.error(DatabaseError.self) {
            try F.inRun(state, "r2") {
                try state.closedMonths.close(
                    month: "2026-05", closing: ClosedMonths.Closing(runID: "r2", asOf: 20, lineCount: 9))
            }
        }
        #expect(again?.kind == .uniqueViolation)
        #expect(try state.closedMonths.load().months == ["2026-05": first])
    }
}
