import Foundation
import Testing

@testable import ReconcileKit

/// Ids that would become outbox paths, on the built binary: one bad record never stops the night,
/// and the next night behaves the same without anyone editing the state.
@Suite struct HostileIDRunTests {
    static let asOf = ["--as-of", "2026-11-01T00:00:00Z"]
    typealias H = HostileIDs

    static func report(_ workspace: Workspace) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(try workspace.read("outbox/runs/latest/report.json").utf8))
            as! [String: Any]
    }

    static func statementLines(_ workspace: Workspace, _ tenant: String) throws -> [Substring] {
        try workspace.read("outbox/statements/2026-09/\(tenant).csv").split(separator: "\r\n").dropFirst().filter {
            !$0.hasPrefix("Total")
        }
    }

    /// Every file outside the outbox and the state folder, to prove a run leaves them alone.
    static func outside(_ workspace: Workspace) -> [String: Data] {
        snapshotTree(workspace.path).filter { !$0.key.hasPrefix("outbox") && !$0.key.hasPrefix(".reconcile") }
    }

    @Test func aBadTenantIDIsRejectedAloneAndTheOtherTenantsGetTheirStatementsNightAfterNight() throws {
        let workspace = try Workspace(sampleInbox: false)
        let dir = workspace.directory
        try dir.write(
            "inbox/exports/tenants-1.json",
            H.tenantsDocument(
                [
                    H.tenant("tnt_bella", ndjson: false), H.tenant("../../x", ndjson: false),
                    H.tenant("tnt_olive", ndjson: false),
                ],
                exportedAt: "2026-08-01T00:00:00Z"), modified: H.old)
        try dir.write(
            "inbox/webhooks/night-1.ndjson",
            H.lines([
                H.checkout("evt_b1", tenant: "tnt_bella", date: "2027-05-01", created: H.september),
                H.checkout("evt_o1", tenant: "tnt_olive", date: "2027-05-02", created: H.september + 60),
                H.checkout("evt_x1", tenant: "../../x", date: "2027-05-03", created: H.september + 120),
            ]), modified: H.old)
        let before = Self.outside(workspace)

        let first = try workspace.run(Self.asOf)
        #expect(first.status == 1, "\(first.stderr)")
        #expect(
            first.stderr.contains(
                "rejected record in 'exports/tenants-1.json' at line 3: tenant `id` has a character other than"),
            "\(first.stderr)")
        #expect(first.stderr.contains("event evt_x1 of ../../x FAILED: Unknown tenant"), "\(first.stderr)")
        #expect(!first.stderr.contains("outbox could not be written"))
        #expect(try Self.statementLines(workspace, "tnt_bella").count == 1)
        #expect(try Self.statementLines(workspace, "tnt_olive").count == 1)
        let rejected = try #require(try Self.report(workspace)["rejectedRecords"] as? [[String: Any]])
        #expect(rejected.count == 1)
        #expect(rejected.first?["file"] as? String == "exports/tenants-1.json")
        #expect(rejected.first?["line"] as? Int == 3)
        #expect(
            (rejected.first?["reason"] as? String)?.contains("../../x") == false,
            "the reason names the rule, not the id")
        #expect(!FileManager.default.fileExists(atPath: workspace.path + "/outbox/x.csv"))
        #expect(Self.outside(workspace) == before, "nothing written outside the outbox and the state folder")

        // Night two: tomorrow's export still has the bad record, and there is new business.
        try dir.write(
            "inbox/exports/tenants-2.json",
            H.tenantsDocument(
                [
                    H.tenant("tnt_bella", ndjson: false), H.tenant("../../x", ndjson: false),
                    H.tenant("tnt_olive", ndjson: false),
                ],
                exportedAt: "2026-08-02T00:00:00Z"), modified: H.old)
        try dir.write(
            "inbox/webhooks/night-2.ndjson",
            H.lines([
                H.checkout("evt_b2", tenant: "tnt_bella", date: "2027-05-04", created: H.september + 86_400)
            ]), modified: H.old)
        let second = try workspace.run(Self.asOf)
        #expect(second.status == 1, "\(second.stderr)")
        #expect(second.stderr.contains("rejected record in 'exports/tenants-2.json' at line 3"), "\(second.stderr)")
        #expect(try Self.statementLines(workspace, "tnt_bella").count == 2)
        #expect(try Self.statementLines(workspace, "tnt_olive").count == 1)

        // `retry` re-attempts the event: its tenant is still unknown, and the outbox is still fine.
        let retry = try workspace.run(["retry"] + Self.asOf)
        #expect(retry.status == 1, "\(retry.stderr)")
        #expect(retry.stderr.contains("event evt_x1 of ../../x FAILED: Unknown tenant"), "\(retry.stderr)")
        #expect(try Self.statementLines(workspace, "tnt_bella").count == 2)
        #expect(try workspace.run(["verify"]).status == 0)
        #expect(
            Self.outside(workspace).filter { !$0.key.hasPrefix("inbox") }
                == before.filter { !$0.key.hasPrefix("inbox") })
    }

    /// A tenant an earlier build accepted (`../../x`) is still in the state: the outbox skips its
    /// statement with a warning and an exception in the report, writes every other file and the
    /// run exits 1, not 73, every night.
    @Test func aStatementTheOutboxCannotNameIsSkippedWarnedAndReportedAndTheOthersAreWritten() throws {
        let workspace = try Workspace(sampleInbox: false)
        try EarlierBuild.commitTenant("../../x", to: workspace.path + "/.reconcile")
        let dir = workspace.directory
        try dir.write("inbox/exports/tenants.ndjson", H.lines([H.tenant("tnt_bella")]), modified: H.old)
        try dir.write(
            "inbox/webhooks/night-1.ndjson",
            H.lines([
                H.checkout("evt_b1", tenant: "tnt_bella", date: "2027-05-01", created: H.september),
                H.checkout("evt_x1", tenant: "../../x", date: "2027-05-03", created: H.september + 120),
            ]), modified: H.old)
        let before = Self.outside(workspace)

        for night in 1...2 {
            if night == 2 {
                try dir.write(
                    "inbox/webhooks/night-2.ndjson",
                    H.lines([
                        H.checkout("evt_b2", tenant: "tnt_bella", date: "2027-05-04", created: H.september + 86_400)
                    ]), modified: H.old)
            }
            let result = try workspace.run(Self.asOf)
            #expect(result.status == 1, "night \(night): \(result.stderr)")
            #expect(
                result.stderr.contains(
                    #"statement of tenant "../../x" for "2026-09" not written: its tenant id contains "/""#),
                "\(result.stderr)")
            #expect(try Self.statementLines(workspace, "tnt_bella").count == night)
            let exceptions = try #require(
                (try Self.report(workspace)["exceptions"] as? [String: Any])?["items"] as? [[String: Any]])
            let skipped = exceptions.filter { $0["kind"] as? String == "statement_not_written" }
            #expect(skipped.count == 1)
            #expect(skipped.first?["tenantId"] as? String == "../../x")
            #expect(try workspace.read("outbox/runs/latest/exceptions.csv").contains("statement_not_written,../../x,"))
            #expect(try workspace.read("outbox/runs/latest/report.md").contains("statement_not_written"))
            #expect(!(try workspace.read("outbox/statements/2026-09/index.html")).contains("x.html"))
            #expect(!FileManager.default.fileExists(atPath: workspace.path + "/outbox/x.csv"))
            #expect(
                Self.outside(workspace).filter { !$0.key.hasPrefix("inbox") }
                    == before.filter { !$0.key.hasPrefix("inbox") })
        }
        let json = try workspace.run(Self.asOf + ["--json"])
        #expect(json.status == 1)
        #expect(json.stdout.contains(#""statement_not_written":1"#), "\(json.stdout)")
    }

    /// Names are escaped where they are shown: HTML in the statement and the month index, a
    /// leading `'` before a CSV cell a spreadsheet would read as a formula.
    @Test func namesAndIdsFromRecordsAreEscapedInTheStatementsAndTheMonthFiles() throws {
        let workspace = try Workspace(sampleInbox: false)
        let dir = workspace.directory
        try dir.write(
            "inbox/exports/tenants.ndjson",
            H.lines([
                H.tenant("tnt_bella", name: #"<script>alert(1)</script> & \"Co\""#),
                H.tenant("tnt_olive", name: #"=HYPERLINK(\"http://x\",\"y\")"#),
            ]), modified: H.old)
        try dir.write(
            "inbox/webhooks/night-1.ndjson",
            H.lines([
                H.checkout("=cmd", tenant: "tnt_bella", date: "2027-05-01", created: H.september),
                H.checkout("evt_o1", tenant: "tnt_olive", date: "2027-05-02", created: H.september + 60),
            ]), modified: H.old)
        let result = try workspace.run(Self.asOf)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try workspace.read("outbox/statements/2026-09/tnt_bella.html")
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"))
        let index = try workspace.read("outbox/statements/2026-09/index.html")
        #expect(!index.contains("<script>"))
        #expect(index.contains("&lt;script&gt;"))
        let csv = try workspace.read("outbox/statements/2026-09/tnt_bella.csv")
        #expect(csv.contains(",'=cmd,"), "the event id cell is guarded: \(csv)")
        let summary = try workspace.read("outbox/statements/2026-09/summary.csv")
        #expect(summary.contains(#""'=HYPERLINK(""http://x"",""y"")""#), "\(summary)")
    }
}

/// A state as a build before tenant ids were checked at decoding left it: a tenant whose id
/// cannot be a file name, committed with this build's store code.
enum EarlierBuild {
    static func commitTenant(_ id: String, to statePath: String) throws {
        let access = try StateAccess.openLocked(statePath, dryRun: false, wait: false) {}
        defer { access.release() }
        let db = access.database
        let canonical = CanonicalJSON.encode(
            .object([
                "commissionBasisPoints": .int(1000), "currency": .string("usd"), "ibans": .array([]), "id": .string(id),
                "kind": .string(RecordKind.tenant.rawValue), "name": .string("Earlier"), "slug": .string("earlier"),
            ]))
        let exportedAt: Int64 = 1_785_542_400  // 2026-08-01
        let key = RecordKey(kind: .tenant, tenantID: TenantID(id), id: id)
        let objectID = ObjectID(digestOf: canonical)
        try db.transaction {
            try db.objects.store(canonical)
            try db.files.insert([
                IngestedFile(sha256: objectID, path: "exports/tenants-earlier.ndjson", runID: "earlier")
            ])
            try db.records.insert([
                (
                    key,
                    StoredRecord(
                        first: objectID, firstRunID: "earlier",
                        versions: [SnapshotVersion(exportedAt: exportedAt, objectID: objectID)])
                )
            ])
            try db.records.addSightings([
                (
                    key,
                    Sighting(
                        runID: "earlier", path: "exports/tenants-earlier.ndjson", fileSHA256: objectID,
                        line: 1, byteOffset: 0, objectID: objectID, outcome: .new, source: .platformExport)
                )
            ])
            let manifest = RunManifest(runID: "earlier", mode: "run", asOf: exportedAt, inputs: [], counts: [:])
            try db.runs.commit(
                runID: "earlier", time: exportedAt, asOf: CalendarDate(unixSeconds: exportedAt),
                manifest: manifest.canonicalBytes, changesDigest: objectID)
        }
        try access.publish()
    }
}
