import Foundation
import Testing

@testable import ReconcileKit

/// `reconcile verify`'s checks of the ledger against the index (nothing applied without
/// its effect), on the state of a real run of two tenants sharing an event id.
@Suite struct LedgerAuditTests {
    typealias G = TenantIndependenceTests.Generator

    static func twoTenantState() throws -> StoredState {
        let directory = try TemporaryDirectory()
        let ws = InProcessWorkspace(path: directory.path)
        let g = G(seed: 0)
        try ws.write("tenants.json", g.tenantsExport(["tnt_alder", "tnt_birch"]))
        try ws.write(
            "a.json",
            g.json(
                g.checkout(
                    tenant: "tnt_alder", id: "evt_SAME", session: "cs_a", intent: "pi_a",
                    date: "2027-05-01", total: 120_000, created: G.epoch)))
        try ws.write(
            "b.json",
            g.json(
                g.checkout(
                    tenant: "tnt_birch", id: "evt_SAME", session: "cs_b", intent: "pi_b",
                    date: "2027-06-02", total: 45_000, created: G.epoch)))
        try ws.run()
        return try StoredState.load(state: ws.state)
    }

    @Test func aConsistentStateHasNoProblems() throws {
        let state = try Self.twoTenantState()
        #expect(state.ledger.bookingCount == 2)
        #expect(state.ledger.auditProblems(against: state.index) == [])
    }

    @Test func aProcessedCheckoutWithoutItsBookingIsNamedByTenantAndID() throws {
        let state = try Self.twoTenantState()
        // The snapshot's JSON form with birch's booking and its line taken out.
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(state.ledger)) as! [String: Any]
        object["bookings"] = (object["bookings"] as! [[String: Any]]).filter {
            $0["tenantId"] as? String != "tnt_birch"
        }
        object["lines"] = (object["lines"] as! [[String: Any]]).filter { $0["tenantId"] as? String != "tnt_birch" }
            .enumerated().map {
                var line = $0.element
                line["sequence"] = $0.offset + 1
                return line
            }
        let damaged = try JSONDecoder().decode(Ledger.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(
            damaged.auditProblems(against: state.index) == [
                "ledger: event tnt_birch/evt_SAME: PROCESSED checkout without its booking"
            ])
    }

    @Test func aBookingWhoseEventIsAnotherTenantsIsAProblem() throws {
        let state = try Self.twoTenantState()
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(state.ledger)) as! [String: Any]
        // alder's checkout event recorded under birch instead: alder's booking names no event of its tenant.
        object["events"] = (object["events"] as! [[String: Any]]).filter { $0["tenantId"] as? String != "tnt_alder" }
        let damaged = try JSONDecoder().decode(Ledger.self, from: JSONSerialization.data(withJSONObject: object))
        let problems = damaged.auditProblems(against: state.index)
        #expect(
            problems.contains("ledger: booking tnt_alder/cs_a: event evt_SAME is not a PROCESSED event of its tenant"))
        #expect(problems.contains("ledger: line 1: event tnt_alder/evt_SAME is not PROCESSED"))
    }

    @Test func anEventStateWithoutTheIndexEntryOfItsTenantIsAProblem() throws {
        let state = try Self.twoTenantState()
        let index = RecordIndex(
            entries: state.index.entries.filter { $0.key.kind != .event || $0.key.tenantID != TenantID("tnt_birch") },
            files: state.index.files)
        #expect(
            state.ledger.auditProblems(against: index) == [
                "ledger: event tnt_birch/evt_SAME has no index entry of its tenant"
            ])
    }
}
