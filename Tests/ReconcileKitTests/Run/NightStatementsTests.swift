import Foundation
import Testing

@testable import ReconcileKit

/// A night that must build every statement (its first, or one whose outbox lost the parent run's
/// statements) builds them a batch of tenant-months at a time from the stored ledger, never the
/// whole ledger at once, and gets the statements a build over the whole ledger gets.
@Suite struct NightStatementsTests {
    typealias Generator = TenantIndependenceTests.Generator

    @Test(arguments: [UInt64](1...6))
    func everyStatementBuiltInBatchesEqualsTheStatementsOfTheWholeLedger(seed: UInt64) throws {
        var generator = Generator(seed: seed)
        let directory = try TemporaryDirectory()
        let workspace = InProcessWorkspace(path: directory.path)
        for tenant in TenantIndependenceTests.tenants { try workspace.write(generator.files(of: tenant)) }
        try workspace.run()
        try Self.expectBatchesEqualTheWholeLedger(workspace, context: "seed \(seed)")
    }

    /// The sample after September and October are closed and a late refund of September arrives:
    /// the refund's line makes a November statement of its own, in the batched build as in the
    /// whole one, and the closed months' statements are not built.
    @Test func aClosedMonthsLateLineIsBuiltIntoTheFirstOpenMonthBatchByBatch() throws {
        let directory = try TemporaryDirectory()
        let workspace = InProcessWorkspace(path: directory.path)
        try copySampleInbox(to: workspace.inbox)
        try workspace.fixInboxTimes()
        try workspace.run()
        for month in ["2026-09", "2026-10"] {
            _ = try Inspector(state: workspace.state, waitForLock: false).close(
                month: month, asOf: InProcessWorkspace.asOf + 3_600)
        }
        try workspace.write("webhooks/late/evt_late_refund.json", Array(CloseMonthEndToEndTests.lateRefund.utf8))
        try workspace.run()
        let built = try Self.expectBatchesEqualTheWholeLedger(workspace, context: "sample")
        #expect(
            !built.contains { $0.month == "2026-09" || $0.month == "2026-10" },
            "a closed month's statements are never built again")
        let november = try #require(built.first { $0.month == "2026-11" && $0.tenantID == TenantID("tnt_oak") })
        #expect(november.lines.map(\.eventID) == ["evt_late_refund"])
        #expect(november.lines.first?.adjustsMonth == "2026-09")
    }

    /// Builds every statement of `workspace`'s state with batches of 1, 2 and 7 statements and
    /// expects each build to equal the statements of the whole stored ledger; returns them.
    @discardableResult
    static func expectBatchesEqualTheWholeLedger(
        _ workspace: InProcessWorkspace, context: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [CommissionStatement] {
        let access = try StateAccess.openExisting(workspace.state)
        defer { access.release() }
        let db = access.database
        let index = try NightState(db).startIndex()
        let tenants = try Runner.tenantDirectory(index, ObjectReader(pending: [:], objects: db.objects))
        let closed = try db.closedMonths.load()
        let openItems = try db.openItems.open().exceptionTable
        let whole = try StoredState.load(db).ledger
        let expected = StatementBuilder.statements(
            ledger: whole, tenants: tenants,
            context: StatementContext(matches: try db.reconciliation.matches(), openItems: openItems),
            closed: closed
        ).filter { !closed.isClosed($0.month) }
        #expect(expected.count > 2, "\(context): enough statements to split", sourceLocation: sourceLocation)
        let builder = NightStatements(db: db, tenants: tenants, closed: closed, openItems: openItems)
        var built: [CommissionStatement] = []
        for batch in [1, 2, 7] {
            built = []
            // In a transaction, as a night builds them: each batch's totals are saved.
            try db.transaction {
                _ = try builder.all(
                    night: NightLines(closed: closed), admitted: [], parentRunID: nil,
                    outbox: OutboxWriter(root: workspace.outbox),
                    batch: batch
                ) { statements, scope in
                    #expect(
                        statements.count <= batch, "\(context): one batch at a time", sourceLocation: sourceLocation)
                    #expect(
                        scope == .all, "\(context): no parent run named: every statement is compared",
                        sourceLocation: sourceLocation)
                    built += statements
                }
            }
            let ids = { (statements: [CommissionStatement]) in statements.map { "\($0.month)/\($0.tenantID)" } }
            #expect(ids(built) == ids(expected), "\(context), batches of \(batch)", sourceLocation: sourceLocation)
            if ids(built) == ids(expected) {
                #expect(built == expected, "\(context), batches of \(batch)", sourceLocation: sourceLocation)
            }
        }
        return built
    }
}
