import Foundation
import Testing

@testable import ReconcileKit

/// SPEC §4, "every key is tenant-scoped", as a property: for generated inboxes in which event ids,
/// checkout session ids, payment intents, platform booking ids, confirmation codes and bank
/// references collide across tenants (same ids, different content), every tenant's ledger,
/// exceptions, failed events and statements from one run over all tenants equal those of a run over
/// that tenant's records alone.
@Suite struct TenantIndependenceTests {
    static let tenants = ["tnt_alder", "tnt_birch", "tnt_cedar"]
    /// Many seeds, a few seconds in all: each seed is four small in-process runs.
    static let seeds: [UInt64] = Array(1...12)

    @Test(arguments: seeds)
    func eachTenantsResultEqualsARunOverItsRecordsAlone(seed: UInt64) throws {
        try Self.checkIndependence(seed: seed)
    }

    /// Seed 1 failed once: a bank credit whose reference named only another tenant's booking was
    /// reported to its tenant as "credit names only another tenant's booking", where a run over the
    /// tenant's records alone says "credit names no booking".
    @Test func seedOneNoLongerTellsATenantAboutAnotherTenantsBooking() throws {
        try Self.checkIndependence(seed: 1)
    }

    /// Two checkouts of two tenants under one event id, `evt_SAME`: before every key was
    /// tenant-scoped, the second was taken for a duplicate of the first and its booking was lost.
    @Test func twoTenantsCheckoutsUnderOneEventIDAreTwoBookings() throws {
        let directory = try TemporaryDirectory()
        let ws = InProcessWorkspace(path: directory.path)
        let generator = Generator(seed: 0)
        try ws.write("tenants.json", generator.tenantsExport(Self.tenants))
        try ws.write(
            "a.json",
            generator.json(
                generator.checkout(
                    tenant: "tnt_alder", id: "evt_SAME", session: "cs_a", intent: "pi_a",
                    date: "2027-05-01", total: 120_000, created: Generator.epoch)))
        try ws.write(
            "b.json",
            generator.json(
                generator.checkout(
                    tenant: "tnt_birch", id: "evt_SAME", session: "cs_b", intent: "pi_b",
                    date: "2027-06-02", total: 45_000, created: Generator.epoch)))
        let outcome = try ws.run()
        #expect(outcome.report.events.applied == 2)
        #expect(outcome.report.events.failed.isEmpty)
        let ledger = try ws.storedLedger()
        #expect(ledger.bookingCount == 2)
        #expect(ledger.booking(ScopedID(TenantID("tnt_alder"), "cs_a"))?.total == 120_000)
        #expect(ledger.booking(ScopedID(TenantID("tnt_birch"), "cs_b"))?.total == 45_000)
        for tenant in ["tnt_alder", "tnt_birch"] {
            #expect(ledger.eventState(ScopedID(TenantID(tenant), "evt_SAME"))?.status == .processed)
        }
        #expect(ledger.invariantViolations().isEmpty)
    }

    // MARK: - The property

    static func checkIndependence(seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var generator = Generator(seed: seed)
        let files = Dictionary(uniqueKeysWithValues: tenants.map { ($0, generator.files(of: $0)) })

        let all = try TemporaryDirectory()
        let whole = InProcessWorkspace(path: all.path)
        for tenant in tenants { try whole.write(files[tenant]!) }
        let wholeOutcome = try whole.run()
        let wholeLedger = try whole.storedLedger()
        #expect(wholeLedger.invariantViolations().isEmpty, "seed \(seed)", sourceLocation: sourceLocation)

        for tenant in tenants {
            let alone = try TemporaryDirectory()
            let solo = InProcessWorkspace(path: alone.path)
            try solo.write(files[tenant]!)
            let soloOutcome = try solo.run()
            let soloLedger = try solo.storedLedger()
            let t = TenantID(tenant)
            let context: Comment = "seed \(seed), tenant \(tenant)"
            #expect(TenantView(wholeLedger, t) == TenantView(soloLedger, t), context, sourceLocation: sourceLocation)
            #expect(
                wholeOutcome.report.exceptions.filter { $0.tenantID == t }
                    == soloOutcome.report.exceptions.filter { $0.tenantID == t },
                context, sourceLocation: sourceLocation)
            #expect(
                wholeOutcome.report.events.failed.filter { $0.tenant == t }
                    == soloOutcome.report.events.failed.filter { $0.tenant == t },
                context, sourceLocation: sourceLocation)
            let statements = whole.statementCSVs(of: tenant)
            #expect(!statements.isEmpty, context, sourceLocation: sourceLocation)
            #expect(statements == solo.statementCSVs(of: tenant), context, sourceLocation: sourceLocation)
        }
    }

    /// One tenant's part of a ledger, without what depends on other tenants: the line sequence
    /// numbers (one numbering for the whole ledger) and the run ids in event histories (a run id
    /// names the whole night).
    struct TenantView: Equatable {
        struct Event: Equatable {
            let id: String, type: String, status: EventStatus, lastError: String?, attempts: Int, moves: [EventStatus]
        }
        struct Line: Equatable {
            let kind: LedgerLine.Kind, time: Int64, bookingID: String, eventID: String
            let gross: Cents, commission: Cents, refund: Cents, reversed: Cents
        }
        let bookings: [Booking]
        let events: [Event]
        let lines: [Line]

        init(_ ledger: Ledger, _ tenant: TenantID) {
            bookings = ledger.bookings.filter { $0.tenantID == tenant }
            events = ledger.eventStates.filter { $0.tenantID == tenant }.map {
                Event(
                    id: $0.eventID, type: $0.type, status: $0.status, lastError: $0.lastError, attempts: $0.attempts,
                    moves: $0.history.map(\.to))
            }
            lines = ledger.lines.filter { $0.tenantID == tenant }.map {
                Line(
                    kind: $0.kind, time: $0.time, bookingID: $0.bookingID, eventID: $0.eventID, gross: $0.gross,
                    commission: $0.commission, refund: $0.refund, reversed: $0.commissionReversed)
            }
        }
    }

    // MARK: - Generated inboxes

    /// One tenant's files: its tenants export, its checkouts and refunds (webhook arrays), the
    /// platform's bookings export and a camt.053 statement of its account. Every tenant draws its ids
    /// from the same small pools, so ids collide across tenants and within one (a session or date
    /// booked twice, a refund of an unknown payment intent).
    struct Generator {
        /// 2026-10-01T00:00:00Z; the runs are as of 2026-11-01.
        static let epoch: Int64 = 1_790_812_800
        var random: SplitMix64

        init(seed: UInt64) { random = SplitMix64(seed: seed) }

        mutating func below(_ n: Int) -> Int { Int(random.next(upTo: UInt64(n))) }

        func json(_ value: Any) -> [UInt8] {
            Array(try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]))
        }

        static func iban(_ tenant: String) -> String {
            "DE\(String(format: "%02d", TenantIndependenceTests.tenants.firstIndex(of: tenant)! + 10))370400440532013000"
        }

        func tenantsExport(_ tenants: [String]) -> [UInt8] {
            let rates = ["tnt_alder": "7", "tnt_birch": "12.5", "tnt_cedar": "0"]
            return json([
                "exportType": "tenants", "exportedAt": "2026-09-01T00:00:00Z",
                "records": tenants.map {
                    [
                        "id": $0, "slug": $0, "name": "Venue \($0)", "commissionPercent": rates[$0]!,
                        "ibans": [Self.iban($0)], "currency": "usd",
                    ]
                },
            ])
        }

        func checkout(
            tenant: String, id: String, session: String, intent: String, date: String, total: Int, created: Int64
        ) -> [String: Any] {
            [
                "id": id, "object": "event", "type": "checkout.session.completed", "created": created,
                "livemode": false,
                "data": [
                    "object": [
                        "id": session, "object": "checkout.session", "amount_total": total, "currency": "usd",
                        "payment_intent": intent,
                        "customer_email": "guest@example.org",
                        "metadata": [
                            "tenantId": tenant, "packageId": "pkg_day", "eventDate": date, "email": "guest@example.org",
                            "coupleName": "A & B",
                        ],
                    ] as [String: Any]
                ],
            ]
        }

        func refund(tenant: String, id: String, intent: String, amount: Int, refunded: Int, created: Int64) -> [String:
            Any]
        {
            [
                "id": id, "object": "event", "type": "charge.refunded", "created": created, "livemode": false,
                "data": [
                    "object": [
                        "id": "ch_\(id)", "object": "charge", "payment_intent": intent, "amount": amount,
                        "amount_refunded": refunded,
                        "currency": "usd", "metadata": ["tenantId": tenant],
                    ] as [String: Any]
                ],
            ]
        }

        mutating func files(of tenant: String) -> [(String, [UInt8])] {
            let count = 8 + below(8)
            var events: [[String: Any]] = []
            var paid: [(k: Int, session: String, intent: String, date: String, total: Int)] = []
            for k in 0..<count {
                let session = "cs_\(below(count))"
                let intent = "pi_\(below(count + 2))"
                let date = String(format: "2027-05-%02d", 1 + below(count))
                let total = 10_000 + below(40) * 1_000
                // Whole hours: the same (created, id) under several tenants is common.
                let created = Self.epoch + Int64(below(6)) * 3_600
                events.append(
                    checkout(
                        tenant: tenant, id: "evt_\(k)", session: session, intent: intent, date: date, total: total,
                        created: created))
                paid.append((k, session, intent, date, total))
            }
            for j in 0..<below(5) {
                let intent = "pi_\(below(count + 2))"
                let total = paid.first { $0.intent == intent }?.total ?? 20_000
                events.append(
                    refund(
                        tenant: tenant, id: "evt_r\(j)", intent: intent, amount: total,
                        refunded: below(2) == 0 ? total : total / 3,
                        created: Self.epoch + 86_400 + Int64(below(4)) * 3_600))
            }
            // The platform knows most checkouts, some with another total or status.
            var bookings: [[String: Any]] = []
            for p in paid where below(5) > 0 {
                let total = below(6) == 0 ? p.total + 500 : p.total
                bookings.append([
                    "id": "bk_\(p.k)", "tenantId": tenant, "date": p.date,
                    "status": below(7) == 0 ? "CANCELED" : "PAID",
                    "totalCents": total, "commissionAmount": total / 10, "checkoutSessionId": p.session,
                    "paymentIntentId": p.intent, "confirmationCode": "CONF-\(p.k)",
                ])
            }
            // The bank credits most of them, naming a payment intent or a confirmation code.
            var entries = ""
            for p in paid where below(4) > 0 {
                let reference = below(2) == 0 ? p.intent : "CONF-\(p.k)"
                entries += """
                    <Ntry><Amt Ccy="USD">\(p.total / 100).\(String(format: "%02d", p.total % 100))</Amt><CdtDbtInd>CRDT</CdtDbtInd>\
                    <Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-10-03</Dt></BookgDt><AcctSvcrRef>ACS-\(p.k)</AcctSvcrRef>\
                    <NtryDtls><TxDtls><RmtInf><Ustrd>Booking \(reference)</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
                    """
            }
            let camt = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
                <GrpHdr><MsgId>M-\(tenant)</MsgId><CreDtTm>2026-10-04T22:00:00</CreDtTm></GrpHdr>
                <Stmt><Id>S-1</Id><Acct><Id><IBAN>\(Self.iban(tenant))</IBAN></Id></Acct>
                \(entries)
                </Stmt></BkToCstmrStmt></Document>
                """
            return [
                ("\(tenant)/a-tenants.json", tenantsExport([tenant])),
                ("\(tenant)/b-events.json", json(events)),
                (
                    "\(tenant)/c-bookings.json",
                    json(["exportType": "bookings", "exportedAt": "2026-10-31T23:00:00Z", "records": bookings])
                ),
                ("\(tenant)/d-bank.xml", Array(camt.utf8)),
            ]
        }
    }
}

extension InProcessWorkspace {
    func write(_ relative: String, _ bytes: [UInt8]) throws {
        let destination = inbox + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: destination))
        try fixInboxTimes()
    }

    func write(_ files: [(String, [UInt8])]) throws {
        for (relative, bytes) in files { try write(relative, bytes) }
    }

    func storedLedger() throws -> Ledger {
        try StoredState.load(state: state).ledger
    }

    /// Month → the bytes of `tenant`'s statement CSV of that month.
    func statementCSVs(of tenant: String) -> [String: Data] {
        tree("outbox/statements").filter { $0.key.hasSuffix("/\(tenant).csv") }
    }
}
