import Foundation

/// A night's inbox of a few thousand events over many tenants, from a seed: tenants, webhook
/// NDJSON batches (some gzip), provider list exports that repeat some webhooks and backfill
/// others, platform booking exports and bank statements. Ids and dates come from small pools, so
/// dates are booked twice, refunds name unknown payment intents and the same event arrives in two
/// files.
struct GeneratedNight {
    var random: SplitMix64
    let tenants: [String]
    /// 2026-10-01T00:00:00Z; the night is as of 2026-11-01.
    static let epoch: Int64 = 1_790_812_800

    init(seed: UInt64, tenants: Int = 48) {
        random = SplitMix64(seed: seed)
        self.tenants = (0..<tenants).map { String(format: "tnt_g%02d", $0) }
    }

    mutating func below(_ n: Int) -> Int { Int(random.next(upTo: UInt64(n))) }

    static func json(_ value: Any) -> [UInt8] {
        Array(try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]))
    }

    static func iban(_ index: Int) -> String { "DE\(String(format: "%02d", index + 10))370400440532013000" }

    /// Writes the inbox under `root`; returns the number of distinct events.
    mutating func write(to root: String) throws -> Int {
        var files: [(String, [UInt8])] = []
        let rates = ["5", "7.5", "10", "12.5", "0"]
        files.append(
            (
                "platform/tenants.json",
                Self.json([
                    "exportType": "tenants", "exportedAt": "2026-09-01T00:00:00Z",
                    "records": tenants.enumerated().map { i, tenant in
                        [
                            "id": tenant, "slug": tenant, "name": "Venue \(i)", "commissionPercent": rates[i % 5],
                            "ibans": [Self.iban(i)], "currency": "usd",
                        ] as [String: Any]
                    },
                ])
            ))
        var webhooks: [[[String: Any]]] = Array(repeating: [], count: 36)
        var lists: [[[String: Any]]] = Array(repeating: [], count: 6)
        var bookings: [[[String: Any]]] = Array(repeating: [], count: 6)
        var bank: [String] = Array(repeating: "", count: tenants.count)
        var events = 0
        for (t, tenant) in tenants.enumerated() {
            var paid: [(k: Int, intent: String, total: Int, date: String)] = []
            var tenantEvents: [[String: Any]] = []
            for k in 0..<60 {
                let intent = "pi_\(below(70))"
                let date = String(format: "2027-%02d-%02d", 1 + below(6), 1 + below(28))
                let total = 10_000 + below(40) * 1_000
                tenantEvents.append([
                    "id": "evt_c\(k)", "object": "event", "type": "checkout.session.completed",
                    "created": Self.epoch + Int64(below(48)) * 1_800, "livemode": false,
                    "data": [
                        "object": [
                            "id": "cs_\(below(65))", "object": "checkout.session", "amount_total": total,
                            "currency": "usd", "payment_intent": intent,
                            "metadata": ["tenantId": tenant, "packageId": "pkg_day", "eventDate": date],
                        ] as [String: Any]
                    ],
                ])
                paid.append((k, intent, total, date))
            }
            for j in 0..<8 {
                let intent = "pi_\(below(70))"
                let total = paid.first { $0.intent == intent }?.total ?? 20_000
                tenantEvents.append([
                    "id": "evt_r\(j)", "object": "event", "type": "charge.refunded",
                    "created": Self.epoch + 86_400 * 3 + Int64(below(48)) * 1_800, "livemode": false,
                    "data": [
                        "object": [
                            "id": "ch_\(j)", "object": "charge", "payment_intent": intent, "amount": total,
                            "amount_refunded": below(2) == 0 ? total : total / 4, "currency": "usd",
                            "metadata": ["tenantId": tenant],
                        ] as [String: Any]
                    ],
                ])
            }
            events += tenantEvents.count
            for event in tenantEvents {
                switch below(10) {
                case 0: lists[below(lists.count)].append(event)  // backfilled: only in a list export
                case 1:  // in a webhook batch and again in a list export
                    webhooks[below(webhooks.count)].append(event)
                    lists[below(lists.count)].append(event)
                case 2:  // delivered twice
                    webhooks[below(webhooks.count)].append(event)
                    webhooks[below(webhooks.count)].append(event)
                default: webhooks[below(webhooks.count)].append(event)
                }
            }
            for p in paid where below(5) > 0 {
                bookings[t % bookings.count].append([
                    "id": "bk_\(p.k)", "tenantId": tenant, "date": p.date,
                    "status": below(9) == 0 ? "CANCELED" : "PAID",
                    "totalCents": below(8) == 0 ? p.total + 500 : p.total, "commissionAmount": p.total / 10,
                    "paymentIntentId": p.intent, "confirmationCode": "CONF-\(t)-\(p.k)",
                ])
            }
            for p in paid where below(3) > 0 {
                bank[t] += """
                    <Ntry><Amt Ccy="USD">\(p.total / 100).\(String(format: "%02d", p.total % 100))</Amt><CdtDbtInd>CRDT</CdtDbtInd>\
                    <Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-10-05</Dt></BookgDt><AcctSvcrRef>ACS-\(t)-\(p.k)</AcctSvcrRef>\
                    <NtryDtls><TxDtls><RmtInf><Ustrd>Booking \(below(2) == 0 ? p.intent : "CONF-\(t)-\(p.k)")</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>

                    """
            }
        }
        for (i, batch) in webhooks.enumerated() {
            let ndjson = batch.map { Self.json($0) + [0x0a] }.joined()
            files.append((String(format: "webhooks/batch-%02d.ndjson", i) + (i % 5 == 0 ? ".gz" : ""), Array(ndjson)))
        }
        for (i, page) in lists.enumerated() {
            files.append(
                (
                    String(format: "exports/events-%02d.json", i),
                    Self.json(["object": "list", "url": "/v1/events", "has_more": false, "data": page])
                ))
        }
        for (i, records) in bookings.enumerated() {
            files.append(
                (
                    String(format: "platform/bookings-%02d.json", i),
                    Self.json(["exportType": "bookings", "exportedAt": "2026-10-31T23:00:00Z", "records": records])
                ))
        }
        for group in 0..<4 {
            var statements = ""
            for t in stride(from: group, to: tenants.count, by: 4) {
                statements += """
                    <Stmt><Id>S-\(t)</Id><Acct><Id><IBAN>\(Self.iban(t))</IBAN></Id></Acct>
                    \(bank[t])</Stmt>

                    """
            }
            files.append(
                (
                    "bank/camt053-\(group).xml",
                    Array(
                        """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
                        <GrpHdr><MsgId>M-\(group)</MsgId><CreDtTm>2026-10-06T22:00:00</CreDtTm></GrpHdr>
                        \(statements)</BkToCstmrStmt></Document>
                        """.utf8)
                ))
        }
        for (path, bytes) in files {
            let destination = root + "/" + path
            try FileManager.default.createDirectory(
                atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if path.hasSuffix(".gz") {
                try Data(bytes).write(to: URL(fileURLWithPath: String(destination.dropLast(3))))
                let gzip = Process()
                gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
                gzip.arguments = ["-n", String(destination.dropLast(3))]
                try gzip.run()
                gzip.waitUntilExit()
            } else {
                try Data(bytes).write(to: URL(fileURLWithPath: destination))
            }
        }
        return events
    }
}
