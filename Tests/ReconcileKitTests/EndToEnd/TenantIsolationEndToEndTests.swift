import Foundation
import Testing

/// Tenant isolation as a new user meets it, on the built binary: two tenants' checkouts sharing the event id
/// `evt_SAME` are two bookings, both PROCESSED, each on its own tenant's statement.
@Suite struct TenantIsolationEndToEndTests {
    static func checkout(tenant: String, session: String, date: String, total: Int, created: Int) -> String {
        """
        {"id":"evt_SAME","object":"event","type":"checkout.session.completed","created":\(created),"livemode":false,
         "data":{"object":{"id":"\(session)","object":"checkout.session","amount_total":\(total),"currency":"usd",
         "payment_intent":"pi_\(session)","customer_email":"guest@example.org",
         "metadata":{"tenantId":"\(tenant)","packageId":"pkg_day","eventDate":"\(date)","email":"guest@example.org","coupleName":"A & B"}}}}
        """
    }

    @Test func twoTenantsSharingAnEventIDGetTwoBookingsAndTwoStatements() throws {
        let workspace = try Workspace(sampleInbox: false)
        let inbox = workspace.path + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: repositoryRoot + "/inbox/platform/tenants-2026-08-01.json", toPath: inbox + "/tenants.json")
        // 2026-09-14 and 2026-10-02, UTC.
        try Self.checkout(
            tenant: "tnt_bella", session: "cs_a", date: "2027-05-01", total: 120_000, created: 1_789_430_400
        )
        .write(toFile: inbox + "/a.json", atomically: true, encoding: .utf8)
        try Self.checkout(tenant: "tnt_oak", session: "cs_b", date: "2027-06-02", total: 45_000, created: 1_790_985_600)
            .write(toFile: inbox + "/b.json", atomically: true, encoding: .utf8)

        let run = try workspace.run(["--settle", "0", "--as-of", "2026-11-01T00:00:00Z", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let events = summary["events"] as! [String: Any]
        #expect(events["applied"] as? Int == 2)
        #expect(events["failed"] as? Int == 0)
        let exceptions = summary["exceptions"] as! [String: Any]
        #expect(
            exceptions["missing_in_platform"] as? Int == 2, "no platform export: each tenant's booking is missing there"
        )

        for (tenant, session) in [("tnt_bella", "cs_a"), ("tnt_oak", "cs_b")] {
            let explain = try workspace.run(["explain", tenant, "evt_SAME"])
            #expect(explain.status == 0)
            #expect(explain.stdout.contains("status PROCESSED"), "\(tenant): \(explain.stdout)")
            let statement = try workspace.read(
                "outbox/statements/\(tenant == "tnt_bella" ? "2026-09" : "2026-10")/\(tenant).csv")
            #expect(statement.contains(",\(session),evt_SAME,"), "\(tenant)'s statement lists its own booking")
            #expect(
                statement.contains("\(tenant),\(tenant == "tnt_bella" ? "2026-09" : "2026-10"),"),
                "every row names its tenant and month")
        }
        let status = try workspace.run(["status"])
        #expect(status.stdout.contains("bookings   2"), "\(status.stdout)")
        let verify = try workspace.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("no problems"))
    }
}
