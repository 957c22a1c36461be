import Foundation
import Testing

@testable import ReconcileKit

/// SPEC §2: a record rejected inside an otherwise good file is not lost. Its raw bytes are
/// kept in the store with file, line and reason; the report lists it without its content; a fixed
/// re-delivery is accepted and linked to it. On the built binary.
@Suite struct RejectedRecordTests {
    static let asOf = ["--as-of", "2026-11-01T00:00:00Z"]
    /// Only the rejected line carries it: it must reach no report, log or explain output.
    static let secret = "rejected-only-couple@example.com"

    static func checkout(_ id: String, date: String, created: String, email: String = "someone@example.com") -> String {
        #"{"id":"\#(id)","object":"event","type":"checkout.session.completed","created":\#(created),"livemode":false,"data":{"object":{"id":"cs_\#(id)","object":"checkout.session","amount_total":250000,"currency":"usd","payment_intent":"pi_\#(id)","customer_email":"\#(email)","metadata":{"tenantId":"tnt_a","packageId":"pkg_1","eventDate":"\#(date)","email":"\#(email)","coupleName":"A & B"}}}}"#
    }

    static let badLine = checkout("evt_fix", date: "2027-05-03", created: #""yesterday""#, email: secret)

    func report(_ workspace: Workspace) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: workspace.path + "/outbox/runs/latest/report.json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    func outputs(_ workspace: Workspace) throws -> String {
        try ["report.json", "report.md", "exceptions.csv"].map { try workspace.read("outbox/runs/latest/" + $0) }
            .joined()
    }

    static let old = Date(timeIntervalSince1970: 1_780_000_000)

    /// A tenant, and a file of two good checkouts with the bad line between them.
    func nightOne() throws -> Workspace {
        let workspace = try Workspace(sampleInbox: false)
        try workspace.directory.write(
            "inbox/platform/tenants.ndjson",
            #"{"object":"tenant","id":"tnt_a","slug":"a","name":"A Venue","commissionPercent":"10","exportedAt":"2026-08-01T00:00:00Z"}"#
                + "\n",
            modified: Self.old)
        try workspace.directory.write(
            "inbox/webhooks/night1.ndjson",
            Self.checkout("evt_good1", date: "2027-05-01", created: "1788000000") + "\n"
                + Self.badLine + "\r\n"
                + Self.checkout("evt_good2", date: "2027-05-02", created: "1788000100") + "\n",
            modified: Self.old)
        return workspace
    }

    @Test func aRecordRejectedInAGoodFileIsKeptListedAndLinkedToItsFixedRedelivery() throws {
        let workspace = try nightOne()

        // Night 1: the good records apply, the bad one is rejected and kept.
        let first = try workspace.run(Self.asOf)
        #expect(first.status == 1, "a rejected record needs attention")
        for id in ["evt_good1", "evt_good2"] {
            #expect(try workspace.run(["explain", "tnt_a", id]).stdout.contains("status PROCESSED"))
        }
        let rawID = ObjectID(digestOf: Array(Self.badLine.utf8))  // the line without its CR LF
        let rejected = try #require(try report(workspace)["rejectedRecords"] as? [[String: Any]])
        #expect(rejected.count == 1)
        #expect(rejected.first?["file"] as? String == "webhooks/night1.ndjson")
        #expect(rejected.first?["line"] as? Int == 2)
        #expect((rejected.first?["reason"] as? String)?.contains("`created`") == true)
        #expect(rejected.first?["object"] as? String == rawID.hex)
        #expect(rejected.first?["kind"] as? String == "event")
        #expect(rejected.first?["tenantId"] as? String == "tnt_a")
        #expect(rejected.first?["id"] as? String == "evt_fix")
        let firstOutputs = try outputs(workspace)
        #expect(try workspace.read("outbox/runs/latest/report.md").contains(rawID.hex))
        #expect(first.stderr.contains("raw bytes kept as object \(rawID.short)"))
        let db = try StateAccess.openExisting(workspace.path + "/.reconcile").database
        #expect(try db.objects.read(rawID) == Array(Self.badLine.utf8), "the raw bytes, byte-identical")

        let explained = try workspace.run(["explain", "tnt_a", "evt_fix"])
        #expect(explained.status == 0)
        #expect(explained.stdout.contains("no accepted record"))
        #expect(explained.stdout.contains("rejected in run"))
        #expect(explained.stdout.contains("'webhooks/night1.ndjson' line 2"))
        #expect(explained.stdout.contains("raw bytes object \(rawID.hex)"))
        #expect(try workspace.run(["verify"]).status == 0)

        // Night 2: the fixed re-delivery is accepted and replaces the rejected record.
        try workspace.directory.write(
            "inbox/webhooks/night2.ndjson",
            Self.checkout("evt_fix", date: "2027-05-03", created: "1788000200") + "\n", modified: Self.old)
        let second = try workspace.run(Self.asOf)
        #expect(second.status == 0, "\(second.stderr)")
        let replaced = try #require(try report(workspace)["replacedRejections"] as? [[String: Any]])
        #expect(replaced.count == 1)
        #expect(replaced.first?["id"] as? String == "evt_fix")
        #expect(replaced.first?["tenantId"] as? String == "tnt_a")
        let link = try #require(replaced.first?["rejected"] as? [String: Any])
        #expect(link["object"] as? String == rawID.hex)
        #expect(link["file"] as? String == "webhooks/night1.ndjson")
        #expect(link["line"] as? Int == 2)
        #expect(try (report(workspace)["rejectedRecords"] as? [Any])?.isEmpty == true)

        let relinked = try workspace.run(["explain", "tnt_a", "evt_fix", "--json"])
        let found = try #require(try JSONSerialization.jsonObject(with: Data(relinked.stdout.utf8)) as? [[String: Any]])
        let accepted = try #require(found.first?["accepted"] as? String)
        #expect(replaced.first?["object"] as? String == accepted)
        let history = try #require(found.first?["rejected"] as? [[String: Any]])
        #expect(history.first?["objectId"] as? String == rawID.hex)
        #expect((history.first?["replacedBy"] as? [String: Any])?["objectId"] as? String == accepted)
        let text = try workspace.run(["explain", "tnt_a", "evt_fix"])
        #expect(text.stdout.contains("status PROCESSED"))
        #expect(
            text.stdout.contains(
                "replaced by object \(ObjectID(hex: accepted)!.short) from 'webhooks/night2.ndjson' line 1"))
        #expect(try workspace.run(["verify"]).status == 0)

        for output in [
            firstOutputs, try outputs(workspace), first.stdout, first.stderr, second.stdout, second.stderr,
            explained.stdout, text.stdout,
        ] {
            #expect(!output.contains(Self.secret), "customer data of a rejected record leaked")
        }
    }

    /// A run killed at any commit step leaves no rejection behind; the next run keeps it as an
    /// uninterrupted run does, to the same root.
    @Test(arguments: CrashPoint.allCases.filter { $0 != .afterCommit })
    func aRunKilledWhileCommittingARejectionLosesNothing(_ point: CrashPoint) throws {
        let reference = try nightOne()
        #expect(try reference.run(Self.asOf).status == 1)
        let workspace = try nightOne()
        let killed = try workspace.run(Self.asOf, environment: ["RECONCILE_CRASH_AT": point.rawValue])
        #expect(killed.signal == SIGKILL)
        // A first run killed before its database is published leaves no state at all.
        let status = try workspace.run(["status"])
        #expect(
            status.stdout.contains("none (no run committed yet)") || status.stderr.contains("no state at"),
            "nothing of the killed run is visible")

        #expect(try workspace.run(Self.asOf).status == 1)

        let rawID = ObjectID(digestOf: Array(Self.badLine.utf8))
        let db = try StateAccess.openExisting(workspace.path + "/.reconcile").database
        #expect(try db.objects.read(rawID) == Array(Self.badLine.utf8))
        let referenceState = try StoredState.load(state: reference.path + "/.reconcile")
        let state = try StoredState.load(db)
        #expect(state.head == referenceState.head, "the same root as an uninterrupted run")
        #expect(state.rejected.entries.map(\.objectID) == [rawID])
        #expect(try workspace.run(["verify"]).status == 0)
    }
}
