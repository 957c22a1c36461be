import Foundation
import Testing

@testable import ReconcileKit

/// Generated hostile ids in every field that reaches an outbox path (a tenant's `id`, an event's
/// `metadata.tenantId`, an event's `created`, which makes the statement month) and in a booking's
/// `tenantId`: none writes outside the outbox, none stops the other tenants' statements, on the
/// first night or the next.
@Suite struct HostileIDPropertyTests {
    typealias H = HostileIDs

    /// Hazards as the bytes between the quotes of a JSON string; `affixes` when text around them
    /// keeps them invalid (a leading `.` and the reserved names need to stand alone).
    static let hazards: [(bytes: [UInt8], affixes: Bool)] = [
        (Array("../../pwned".utf8), true), (Array("a/b".utf8), true), (Array("/tmp/pwned".utf8), true),
        (Array("../../../../pwned".utf8), true), (Array("statements/../../pwned".utf8), true),
        (Array("..".utf8), false), (Array(".".utf8), false), (Array(".hidden".utf8), false),
        (Array(#"\u002e\u002e"#.utf8), false),
        (Array(#"..\\pwned"#.utf8), true), (Array(#"a\u0000b"#.utf8), true), ([0x61, 0x00, 0x62], true),
        (Array(#"a\nb"#.utf8), true), (Array(#"a\r\n"#.utf8), true), ([0x61, 0x0a, 0x62], true),
        (Array(repeating: UInt8(ascii: "a"), count: 300), true), (Array(String(repeating: "é", count: 150).utf8), true),
        ([0xff], true), ([0xc3, 0x28], true), ([0xed, 0xa0, 0x80], true), ([0x80, 0x80], true),
        (Array(#"\ud800"#.utf8), true),
        (Array("index".utf8), false), (Array("Summary".utf8), false), (Array("tnt bella".utf8), true),
        (Array("tnt_é".utf8), true),
        (Array("%2e%2e%2fpwned".utf8), true), (Array("*".utf8), true), (Array("a:b".utf8), true),
    ]

    static let prefixes: [[UInt8]] = [[], Array("tnt_".utf8), Array("../".utf8), Array("x/".utf8)]
    static let suffixes: [[UInt8]] = [[], Array("_x".utf8), Array("/..".utf8), Array(#"\u0000"#.utf8)]

    /// Unix times whose day is not in the years 0001–9999.
    static let hostileCreated: [Int64] = [
        Int64.max, Int64.min, 253_402_300_800, -62_135_596_801, 1_000_000_000_000_000, -1_000_000_000_000_000,
    ]

    static func hostileID(_ rng: inout SplitMix64) -> [UInt8] {
        let hazard = hazards[rng.below(hazards.count)]
        guard hazard.affixes else { return hazard.bytes }
        return prefixes[rng.below(prefixes.count)] + hazard.bytes + suffixes[rng.below(suffixes.count)]
    }

    /// Whether the bytes can sit in a JSON document without breaking it (else only NDJSON, where
    /// the line alone is rejected: in a document, SPEC §2 quarantines the whole file).
    static func keepsJSONValid(_ bytes: [UInt8]) -> Bool {
        (try? JSONParser(maxDepth: 4).parse([0x22] + bytes + [0x22])) != nil
    }

    /// The outbox files a run over good tenants `tnt_good_a` and `tnt_good_b` may leave: the run
    /// folders and September's statements and month files, nothing else.
    static func isExpectedOutboxFile(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1: return parts[0] == "runs" || parts[0] == "statements"
        case 2: return parts[0] == "runs" ? !parts[1].hasPrefix(".") : parts == ["statements", "2026-09"]
        case 3 where parts[0] == "runs": return ["report.json", "report.md", "exceptions.csv"].contains(parts[2])
        case 3 where parts[0] == "statements" && parts[1] == "2026-09":
            return ["index.html", "summary.csv"].contains(parts[2])
                || ["tnt_good_a", "tnt_good_b"].flatMap { t in ["csv", "html", "json"].map { "\(t).\($0)" } }.contains(
                    parts[2])
        default: return false
        }
    }

    @Test(.timeLimit(.minutes(2)), arguments: 1...40)
    func hostileIDsNeverWriteOutsideTheOutboxNorStopTheOtherTenants(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9)
        let dir = try TemporaryDirectory()
        let base = dir.path + "/a/b/c"  // deep enough that `../../../../pwned` stays inside `dir`
        var goodDocument = [H.tenant("tnt_good_a", ndjson: false)]
        var mixedNDJSON = [H.tenant("tnt_good_b")]
        var webhooks = [
            H.checkout("evt_good_a", tenant: "tnt_good_a", date: "2027-01-01", created: H.september),
            H.checkout("evt_good_b", tenant: "tnt_good_b", date: "2027-01-02", created: H.september + 60),
        ]
        var bookings = [H.booking("bk_good", tenant: Array("tnt_good_a".utf8))]
        var hostileCount = 0
        for n in 0..<(1 + rng.below(4)) {
            let id = Self.hostileID(&rng)
            hostileCount += 1
            switch rng.below(5) {
            case 0 where Self.keepsJSONValid(id):
                goodDocument.insert(H.tenant(id, ndjson: false), at: rng.below(goodDocument.count + 1))
            case 0, 1: mixedNDJSON.insert(H.tenant(id), at: rng.below(mixedNDJSON.count + 1))
            case 2: bookings.append(H.booking("bk_h\(n)", tenant: id))
            case 3:
                webhooks.append(
                    H.refund("evt_hr\(n)", of: "evt_good_a", tenant: id, refunded: 1_000, created: H.september + 600))
            default: break
            }
            // Always an event naming it too: it must fail as an unknown tenant, or be rejected.
            webhooks.insert(
                H.checkout("evt_h\(n)", tenant: id, date: "2027-02-0\(n + 1)", created: H.september + 120),
                at: rng.below(webhooks.count + 1))
        }
        let created = Self.hostileCreated[rng.below(Self.hostileCreated.count)]
        webhooks.append(H.checkout("evt_hc", tenant: "tnt_good_b", date: "2027-03-01", created: created))
        try dir.write(
            "a/b/c/inbox/exports/good.json", H.tenantsDocument(goodDocument, exportedAt: "2026-08-01T00:00:00Z"),
            modified: H.old)
        try dir.write("a/b/c/inbox/exports/mixed.ndjson", H.lines(mixedNDJSON), modified: H.old)
        try dir.write("a/b/c/inbox/exports/bookings.ndjson", H.lines(bookings), modified: H.old)
        try dir.write("a/b/c/inbox/webhooks/night-1.ndjson", H.lines(webhooks), modified: H.old)
        let outside = {
            snapshotTree(dir.path).filter { !$0.key.hasPrefix("a/b/c/outbox") && !$0.key.hasPrefix("a/b/c/state") }
        }
        var before = outside()
        let config = RunConfiguration(
            inbox: base + "/inbox", outbox: base + "/outbox", state: base + "/state",
            asOf: H.asOf, now: H.asOf, settleSeconds: 0, jobs: 1)

        for night in 1...2 {
            if night == 2 {
                try dir.write(
                    "a/b/c/inbox/webhooks/night-2.ndjson",
                    H.lines([
                        H.checkout(
                            "evt_good_a2", tenant: "tnt_good_a", date: "2027-01-03", created: H.september + 86_400)
                    ]),
                    modified: H.old)
                before = outside()
            }
            let outcome: RunOutcome
            do {
                outcome = try Runner(configuration: config).run()
            } catch {
                Issue.record("seed \(seed) night \(night): the run failed: \(error)")
                return
            }
            #expect(
                outcome.exitStatus == (night == 1 ? .attention : .clean),
                "seed \(seed) night \(night): only the first night brings bad records")
            #expect(
                outcome.skipped.isEmpty, "seed \(seed): checked when decoded, nothing reaches the outbox's last guard")
            let a = try String(contentsOfFile: base + "/outbox/statements/2026-09/tnt_good_a.csv", encoding: .utf8)
            let b = try String(contentsOfFile: base + "/outbox/statements/2026-09/tnt_good_b.csv", encoding: .utf8)
            #expect(a.components(separatedBy: ",payment,").count - 1 == night, "seed \(seed) night \(night): \(a)")
            #expect(b.components(separatedBy: ",payment,").count - 1 == 1, "seed \(seed) night \(night): \(b)")
            let files = snapshotTree(base + "/outbox").keys.sorted()
            for file in files where !Self.isExpectedOutboxFile(file) {
                Issue.record("seed \(seed) night \(night): unexpected outbox file \(file.debugDescription)")
            }
            #expect(outside() == before, "seed \(seed) night \(night): written outside the outbox and the state folder")
        }
        #expect(hostileCount > 0)
    }
}
