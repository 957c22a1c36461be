import Foundation
import Testing

@testable import ReconcileKit

/// A small real run: one tenant, a paid checkout, a checkout for an unknown tenant (FAILED), and a
/// truncated file (quarantined), so every member of the summaries, arrays included, has a value.
enum OpsFixtures {
    static let asOf: Int64 = 1_793_491_200  // 2026-11-01T00:00:00Z

    static func checkout(_ id: String, tenant: String, date: String, created: Int64) -> String {
        #"{"id":"\#(id)","object":"event","type":"checkout.session.completed","created":\#(created),"livemode":false,"data":{"object":{"id":"cs_\#(id)","object":"checkout.session","amount_total":250000,"currency":"usd","payment_intent":"pi_\#(id)","customer_email":"someone@example.com","metadata":{"tenantId":"\#(tenant)","packageId":"pkg_1","eventDate":"\#(date)","email":"someone@example.com","coupleName":"A & B"}}}}"#
    }

    /// Inputs are dated well before `asOf`, so the settle check never defers them.
    static let old = Date(timeIntervalSince1970: 1_780_000_000)

    /// Runs once on a fresh inbox, outbox and store under `dir`.
    static func run(in dir: TemporaryDirectory, dryRun: Bool = false) throws -> RunOutcome {
        try dir.write(
            "inbox/platform/tenants.ndjson",
            #"{"object":"tenant","id":"tnt_a","slug":"a","name":"A Venue","commissionPercent":"10","exportedAt":"2026-08-01T00:00:00Z"}"#
                + "\n", modified: old)
        try dir.write(
            "inbox/webhooks/events.ndjson",
            checkout("evt_ops1", tenant: "tnt_a", date: "2027-05-01", created: 1_788_000_000) + "\n"
                + checkout("evt_ops2", tenant: "tnt_ghost", date: "2027-05-02", created: 1_788_000_100) + "\n",
            modified: old)
        try dir.write("inbox/webhooks/broken.json", #"{"id": "evt_x", "object": "#, modified: old)
        let config = RunConfiguration(
            inbox: dir.path + "/inbox", outbox: dir.path + "/outbox", state: dir.path + "/state",
            asOf: asOf, now: asOf, settleSeconds: 0, dryRun: dryRun, jobs: 1)
        return try Runner(configuration: config).run()
    }
}
