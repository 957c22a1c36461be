import Foundation
import Testing

@testable import ReconcileKit

/// Load: 50 consecutive nightly runs of the built binary on a growing inbox, with
/// duplicate and reformatted redeliveries, conflicting replays, a tenant rate change, and runs
/// killed (SIGKILL) at seeded commit steps. At the end the ledger equals one clean run's over all
/// the inputs, every statement CSV is byte-identical, and `verify` is clean.
///
/// Deterministic: one seed drives everything; no timing. `RECONCILE_SOAK_NIGHTS` and
/// `RECONCILE_SOAK_SEED` change the length and the seed locally (CI: 50 nights, seed 7).
@Suite struct SoakTests {
    static let environment = ProcessInfo.processInfo.environment
    static let nights = Int(environment["RECONCILE_SOAK_NIGHTS"] ?? "") ?? 50
    static let seed = UInt64(environment["RECONCILE_SOAK_SEED"] ?? "") ?? 7
    /// 2027-01-01T00:00:00Z: night n's events are created on day n.
    static let epoch: Int64 = 1_798_761_600

    /// Writes each night's inbox files; remembers events for redeliveries and refunds.
    struct Generator {
        var random: SplitMix64
        let tenants = ["tnt_alder", "tnt_birch", "tnt_cedar"]
        var events: [[String: Any]] = []
        var paid: [(pi: String, tenant: String, total: Int, refunded: Int)] = []
        var sequence = 0

        init(seed: UInt64) { random = SplitMix64(seed: seed) }

        func json(_ value: Any, pretty: Bool = false) -> [UInt8] {
            Array(
                try! JSONSerialization.data(
                    withJSONObject: value, options: pretty ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]))
        }

        func tenantsExport(exportedAt: String, birchRate: String) -> [UInt8] {
            json([
                "exportType": "tenants", "exportedAt": exportedAt,
                "records": [
                    [
                        "id": "tnt_alder", "slug": "alder", "name": "Alder Hall", "commissionPercent": "10",
                        "ibans": ["DE02 1203 0000 0000 2020 51"],
                    ],
                    ["id": "tnt_birch", "slug": "birch", "name": "Birch Barn", "commissionPercent": birchRate],
                    ["id": "tnt_cedar", "slug": "cedar", "name": "Cedar Court", "commissionPercent": 0],
                ],
            ])
        }

        mutating func checkout(created: Int64) -> [String: Any] {
            sequence += 1
            let tenant = tenants[random.below(tenants.count)]
            // Few dates, so some checkouts hit a date already booked.
            let date = String(format: "2027-%02d-%02d", 5 + random.below(4), 1 + random.below(28))
            let total = 50_000 + random.below(200) * 1_000
            let id = String(format: "%04d", sequence)
            let session: [String: Any] = [
                "id": "cs_soak_\(id)", "object": "checkout.session", "amount_total": total, "currency": "usd",
                "payment_intent": "pi_soak_\(id)", "customer_email": "soak\(id)@example.org",
                "metadata": [
                    "tenantId": tenant, "packageId": "pkg_day", "eventDate": date,
                    "email": "soak\(id)@example.org", "coupleName": "Soak Couple \(id)",
                ],
            ]
            paid.append((pi: "pi_soak_\(id)", tenant: tenant, total: total, refunded: 0))
            return [
                "id": "evt_soak_c\(id)", "object": "event", "type": "checkout.session.completed", "created": created,
                "livemode": false, "pending_webhooks": 1, "data": ["object": session],
            ]
        }

        mutating func refund(created: Int64) -> [String: Any]? {
            let open = paid.indices.filter { paid[$0].refunded < paid[$0].total }
            guard !open.isEmpty else { return nil }
            let i = open[random.below(open.count)]
            let step = random.chance(50) ? paid[i].total - paid[i].refunded : (paid[i].total - paid[i].refunded) / 2
            paid[i].refunded += step
            sequence += 1
            let charge: [String: Any] = [
                "id": "ch_soak_\(sequence)", "object": "charge", "payment_intent": paid[i].pi, "amount": paid[i].total,
                "amount_refunded": paid[i].refunded, "currency": "usd", "metadata": ["tenantId": paid[i].tenant],
            ]
            return [
                "id": "evt_soak_r\(String(format: "%04d", sequence))", "object": "event", "type": "charge.refunded",
                "created": created, "livemode": false, "pending_webhooks": 1, "data": ["object": charge],
            ]
        }

        /// The files of night `n`, relative path → bytes (`nNNN/…`, so scan order is arrival order).
        mutating func night(_ n: Int) -> [(String, [UInt8])] {
            let folder = String(format: "n%03d", n)
            var files: [(String, [UInt8])] = []
            if n == 1 {
                files.append(
                    ("\(folder)/a-tenants.json", tenantsExport(exportedAt: "2026-12-01T00:00:00Z", birchRate: "7.5")))
            }
            if n == Self.rateChangeNight {
                files.append(
                    (
                        "\(folder)/a-tenants.json",
                        tenantsExport(
                            exportedAt: Timestamp.format(SoakTests.epoch + Int64(n) * 86_400), birchRate: "12")
                    ))
            }
            var tonight: [[String: Any]] = []
            let base = SoakTests.epoch + Int64(n) * 86_400
            for i in 0..<(1 + random.below(3)) { tonight.append(checkout(created: base + Int64(i) * 60)) }
            if n > 3, random.chance(40), let refund = refund(created: base + 3_600) { tonight.append(refund) }
            switch random.below(3) {
            case 0:  // one webhook body per file
                for event in tonight { files.append(("\(folder)/w-\(event["id"]!).json", json(event, pretty: true))) }
            case 1:  // NDJSON
                files.append(("\(folder)/w.ndjson", tonight.flatMap { json($0) + [0x0a] }))
            default:  // the provider's list export (backfill)
                files.append(("\(folder)/w-export.json", json(["object": "list", "data": tonight, "has_more": false])))
            }
            // Redeliveries: an earlier event again, reformatted, with another pending_webhooks.
            if !events.isEmpty, n % 5 == 0 || random.chance(45) {
                var again = events[random.below(events.count)]
                again["pending_webhooks"] = 2 + random.below(5)
                files.append(("\(folder)/x-retry.json", json(again, pretty: random.chance(50))))
            }
            // Now and then a conflicting replay: a known id with different content (the first stands).
            if !events.isEmpty, random.chance(10) {
                var conflicting = events[random.below(events.count)]
                conflicting["created"] = (conflicting["created"] as! Int64) + 1
                files.append(("\(folder)/y-conflict.json", json(conflicting)))
            }
            events += tonight
            return files
        }

        static let rateChangeNight = 25
    }

    enum NightPlan {
        case clean
        case killThenRerun(CrashPoint)
        case killOnly(CrashPoint)
    }

    static func asOf(_ n: Int) -> [String] {
        ["--as-of", Timestamp.format(epoch + Int64(n) * 86_400 + 80_000), "--settle", "0"]
    }

    func write(_ files: [(String, [UInt8])], into workspace: Workspace) throws {
        for (path, bytes) in files {
            try workspace.directory.write("inbox/" + path, bytes, modified: Date(timeIntervalSince1970: 1_700_000_000))
        }
    }

    @Test func fiftyNightsWithKillsAndRedeliveriesEqualOneCleanRun() throws {
        var generator = Generator(seed: Self.seed)
        var random = SplitMix64(seed: Self.seed ^ 0xDEAD_BEEF)
        let nightly = try Workspace(sampleInbox: false)
        var kills = 0
        var redeliveries = 0
        for n in 1...Self.nights {
            let files = generator.night(n)
            redeliveries += files.filter { $0.0.hasSuffix("x-retry.json") }.count
            try write(files, into: nightly)
            // Every 7th night is killed for sure, others with a 25 % chance: any seed kills.
            let plan: NightPlan =
                n % 7 == 3 || random.chance(25)
                ? (random.chance(50)
                    ? .killThenRerun(CrashPoint.allCases[random.below(CrashPoint.allCases.count)])
                    : .killOnly(CrashPoint.allCases[random.below(CrashPoint.allCases.count)]))
                : .clean
            switch plan {
            case .killThenRerun(let point), .killOnly(let point):
                let killed = try nightly.run(
                    Self.asOf(n) + ["--quiet"], environment: ["RECONCILE_CRASH_AT": point.rawValue])
                #expect(killed.signal == SIGKILL, "night \(n): the run must stop dead at \(point.rawValue)")
                kills += 1
                if case .killOnly = plan { continue }
            case .clean:
                break
            }
            let run = try nightly.run(Self.asOf(n) + ["--quiet"])
            #expect(run.status == 0 || run.status == 1, "night \(n): \(run.stderr)")
            if random.chance(10) { #expect(try nightly.run(["gc"]).status == 0) }
        }
        // The last night's work is done even if the scheduler's run was killed.
        #expect(try nightly.run(Self.asOf(Self.nights) + ["--quiet"]).status <= 1)
        let verify = try nightly.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(
            kills >= Self.nights / 7 && redeliveries >= Self.nights / 5,
            "the seed exercises kills (\(kills)) and redeliveries (\(redeliveries))")

        // One clean run over everything.
        let clean = try Workspace(sampleInbox: false)
        try FileManager.default.copyItem(atPath: nightly.path + "/inbox", toPath: clean.path + "/inbox")
        #expect(try clean.run(Self.asOf(Self.nights) + ["--quiet"]).status <= 1)

        let a = try StoredState.load(state: nightly.path + "/.reconcile")
        let b = try StoredState.load(state: clean.path + "/.reconcile")
        #expect(a.ledger.bookings.count > Self.nights, "the soak books something every night")
        #expect(a.ledger.bookings == b.ledger.bookings)
        #expect(a.ledger.lines == b.ledger.lines)
        func outcomes(_ ledger: Ledger) -> [String] {
            ledger.eventStates.map { "\($0.eventID) \($0.status) \($0.attempts) \($0.lastError ?? "-")" }.sorted()
        }
        #expect(outcomes(a.ledger) == outcomes(b.ledger))
        #expect(a.index.keys.sorted() == b.index.keys.sorted())
        let csv = { (w: Workspace) in try w.tree("outbox/statements").filter { $0.key.hasSuffix(".csv") } }
        #expect(try csv(nightly) == csv(clean))
        #expect(try csv(nightly).count >= 3)
        print(
            "soak: \(Self.nights) nights, seed \(Self.seed), \(kills) kills, \(redeliveries) redeliveries, \(a.ledger.bookings.count) bookings, \(a.ledger.lines.count) ledger lines"
        )
    }
}
