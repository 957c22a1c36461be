import Foundation
import Testing

@testable import ReconcileKit

/// As properties over generated histories: a night re-examines only what it touched,
/// yet after every night the open items, matches and settled count equal a reconciliation of the
/// whole stored state from scratch (the slow reference), and many small nights end where one big
/// night over the same files ends.
///
/// The histories stress every way a night reaches records it did not bring: platform bookings
/// re-exported with another date, session or status; bank credits that arrive before or after the
/// bookings they name; credits to an account no tenant lists yet, which a later tenants export
/// gives to a tenant; and as-of times that let settlement windows end between nights.
@Suite struct IncrementalReconciliationTests {
    static let seeds: [UInt64] = Array(1...16)

    @Test(arguments: seeds)
    func everyNightEqualsAWholeReconciliationAndManyNightsEqualOne(seed: UInt64) throws {
        try Self.check(seed: seed)
    }

    /// The same on PostgreSQL (its own SQL for deletes and sums), for a few seeds.
    @Test(.enabled(if: TestDatabase.postgresURL != nil), arguments: seeds.prefix(3))
    func onPostgreSQLEveryNightEqualsAWholeReconciliation(seed: UInt64) throws {
        let schema = try PostgreSQLStateSchema()
        try Self.check(seed: seed, state: schema.url)
    }

    /// Events applied two at a time: the bookings every chunk touched are re-examined, not only
    /// the last chunk's.
    @Test(arguments: seeds.prefix(6))
    func everyNightAppliedTwoEventsAtATimeEqualsAWholeReconciliation(seed: UInt64) throws {
        try Self.check(seed: seed, eventsPerChunk: 2)
    }

    /// Runs the history night by night on `state` (a folder in the workspace when nil), then at once.
    static func check(seed: UInt64, state: String? = nil, eventsPerChunk: Int? = nil) throws {
        let history = History(seed: seed)
        let nightly = try TemporaryDirectory()
        let ws = InProcessWorkspace(path: nightly.path, state: state)
        for (n, night) in history.nights.enumerated() {
            try ws.write(night.files)
            try Self.run(ws, asOf: night.asOf, eventsPerChunk: eventsPerChunk)
            let context: Comment = "seed \(seed), night \(n + 1) of \(history.nights.count)"
            let (stored, reference) = try Self.compare(ws, asOf: night.asOf)
            #expect(stored.openItems == reference.openItems, context)
            #expect(stored.matches == reference.matches, context)
            #expect(stored.settled == reference.settled, context)
        }

        let once = try TemporaryDirectory()
        let big = InProcessWorkspace(path: once.path)
        try big.write(history.nights.flatMap(\.files))
        try Self.run(big, asOf: history.nights.last!.asOf)
        let (many, one) = (try Self.compare(ws, asOf: 0).stored, try Self.compare(big, asOf: 0).stored)
        #expect(many == one, "seed \(seed)")
        // The statements the nights rebuilt end as one night's: CSVs, month indexes and summaries
        // (the files without a generation stamp).
        func unstamped(_ ws: InProcessWorkspace) -> [String: Data] {
            ws.tree("outbox/statements").filter { $0.key.hasSuffix(".csv") || $0.key.hasSuffix("index.html") }
        }
        #expect(unstamped(ws) == unstamped(big), "seed \(seed)")
        #expect(!unstamped(big).isEmpty)
        #expect(!one.openItems.isEmpty, "seed \(seed): the history has exceptions")
        #expect(one.settled > 0, "seed \(seed): the history settles bookings")
    }

    /// Credits to an account no tenant listed are stored under no tenant; the night a tenants export
    /// gives the account to a tenant, they settle that tenant's bookings, though the night brings
    /// neither the credits nor the bookings.
    @Test func aTenantsExportThatListsAnAccountReexaminesTheCreditsStoredUnderNoTenant() throws {
        let history = History(seed: 5)
        let files = Dictionary(uniqueKeysWithValues: history.files.map { ($0.0, $0.1) })
        let nights: [[String]] = [
            ["tnt_alder/a-tenants.json", "tnt_alder/b-events.json", "tnt_alder/c-bookings.json"],
            ["x/f-stray-bank.xml"],
            ["x/g-tenants-later.json"],
        ]
        let directory = try TemporaryDirectory()
        let ws = InProcessWorkspace(path: directory.path)
        let asOf = InProcessWorkspace.asOf
        var strayTenants: [[String]] = []
        for (n, names) in nights.enumerated() {
            try ws.write(names.map { ($0, files[$0]!) })
            try Self.run(ws, asOf: asOf)
            let (stored, reference) = try Self.compare(ws, asOf: asOf)
            #expect(stored == reference, "night \(n + 1)")
            strayTenants.append(
                stored.openItems.values.filter { $0.bankEntryID?.contains("STRAY") == true }.map(\.tenantID.rawValue)
                    .sorted())
        }
        #expect(strayTenants[1] == ["_global", "_global"])
        #expect(!strayTenants[2].contains("_global"))
    }

    /// Re-examining everything (the first run, another settlement window) goes a batch of tenants
    /// at a time. In batches of one and two tenants it stores what one batch of every tenant
    /// stores — open items with their first-seen days and changes, resolved items, matches, the
    /// settled count — and that equals one reconciliation of the whole state. A shorter and a
    /// longer window than the history's open and resolve items; credits stored under no tenant
    /// go with the tenant their account belongs to now.
    @Test(arguments: seeds.prefix(6), [1, 30])
    func everythingInBatchesOfTenantsEqualsOneWholeReconciliation(seed: UInt64, settlementDays: Int) throws {
        struct Rollback: Error {}
        struct Stored: Equatable {
            var reconciled: Reconciled
            var openItems: OpenItems
            var resolved: [String]
        }
        let history = History(seed: seed)
        let directory = try TemporaryDirectory()
        let ws = InProcessWorkspace(path: directory.path)
        for night in history.nights {
            try ws.write(night.files)
            try Self.run(ws, asOf: night.asOf)
        }
        let asOf = history.nights.last!.asOf + 3 * 86_400
        let access = try StateAccess.openExisting(ws.state)
        let db = access.database
        let before = try Self.stored(db)
        #expect(!before.openItems.isEmpty, "seed \(seed): the history leaves open items")
        let tenants = try Runner.tenantDirectory(
            try NightState(db).startIndex(), ObjectReader(pending: [:], objects: db.objects))
        #expect(tenants.tenantIDs.count >= 2, "seed \(seed): several tenants")
        var found: [Int: Stored] = [:]
        for perBatch in [Int.max, 1, 2] {
            var reconciliation = NightReconciliation(
                db: db, tenants: tenants, asOf: asOf, settlementDays: settlementDays, runID: "batches")
            reconciliation.tenantsPerBatch = perBatch
            // Inside a transaction that is rolled back: each batch size starts from the same state.
            #expect(throws: Rollback.self) {
                try db.transaction {
                    let outcome = try reconciliation.reconcileEverything()
                    let stored = Stored(
                        reconciled: try Self.stored(db), openItems: try db.openItems.open(),
                        resolved: outcome.resolved.map { "\($0.tenant)/\($0.kind)/\($0.references)/\($0.firstSeen)" })
                    #expect(outcome.exceptions.count == stored.openItems.items.count)
                    found[perBatch] = stored
                    throw Rollback()
                }
            }
        }
        let context: Comment = "seed \(seed), \(settlementDays)-day window"
        #expect(
            found[Int.max]?.reconciled == (try Self.reference(db, asOf: asOf, settlementDays: settlementDays)), context)
        #expect(found[1] == found[Int.max], context)
        #expect(found[2] == found[Int.max], context)
        #expect(try Self.stored(db) == before, "\(context): rolled back")
        if settlementDays == 30 { #expect(found[1]?.resolved.isEmpty == false, "\(context): items resolved") }
    }

    /// A history whose nights re-examine little: the scope of a night that brings one bank credit
    /// is that credit's booking and what it matches, not the tenant.
    @Test func aNightWithOneCreditExaminesItsBookingNotTheHistory() throws {
        let history = History(seed: 3)
        let directory = try TemporaryDirectory()
        let ws = InProcessWorkspace(path: directory.path)
        for night in history.nights { try ws.write(night.files) }
        let asOf = history.nights.last!.asOf
        try Self.run(ws, asOf: asOf)
        let access = try StateAccess.openExisting(ws.state)
        let db = access.database
        let booking = try #require(try db.bookings.all().first { $0.paymentIntentID != nil })
        let tenants = try Runner.tenantDirectory(
            try NightState(db).startIndex(), ObjectReader(pending: [:], objects: db.objects))
        let reconciliation = NightReconciliation(
            db: db, tenants: tenants, asOf: asOf, settlementDays: 7, runID: "probe")
        var seeds = NightReconciliation.Seeds()
        seeds.ledger = [booking.key]
        let scope = try reconciliation.scope(seeds)
        let all = try db.bookings.count()
        #expect(scope.ledger[booking.key] != nil)
        #expect(scope.ledger.count < all / 4, "\(scope.summary) of \(all) bookings")
        #expect(scope.ledger.values.allSatisfy { $0.tenantID == booking.tenantID })
    }

    // MARK: - Running and comparing

    static func run(_ ws: InProcessWorkspace, asOf: Int64, eventsPerChunk: Int? = nil) throws {
        var configuration = ws.configuration()
        configuration.asOf = asOf
        if let eventsPerChunk { configuration.eventsPerChunk = eventsPerChunk }
        _ = try Runner(configuration: configuration).run()
    }

    struct Reconciled: Equatable {
        var openItems: [OpenItems.Key: ReconciliationException]
        var matches: Set<String>
        var settled: Int
    }

    /// What the state holds, and (for `asOf` > 0) what a reconciliation of the whole stored state
    /// finds as of `asOf`.
    static func compare(_ ws: InProcessWorkspace, asOf: Int64) throws -> (stored: Reconciled, reference: Reconciled) {
        let access = try StateAccess.openExisting(ws.state)
        let db = access.database
        let stored = try Self.stored(db)
        guard asOf > 0 else { return (stored, stored) }
        return (stored, try Self.reference(db, asOf: asOf, settlementDays: 7))
    }

    /// The open items, matches and settled count `db` holds.
    static func stored(_ db: StateDatabase) throws -> Reconciled {
        Reconciled(
            openItems: try db.openItems.open().items.mapValues { $0.exception! },
            matches: Set(
                try db.reconciliation.matches().map {
                    "\($0.tenantID)/\($0.bookingID)/\($0.platformBookingID)/\($0.rule)"
                }),
            settled: try db.reconciliation.lastRun()?.settled ?? -1)
    }

    /// What one reconciliation of every record `db` stores finds (the slow reference).
    static func reference(_ db: StateDatabase, asOf: Int64, settlementDays: Int) throws -> Reconciled {
        func every<T>(_ kind: RecordKind, _ make: (JSONValue, Int64?) throws -> T) throws -> [T] {
            let rows = try db.records.objectsInForce(of: kind)
            let objects = try db.objects.read(rows.map(\.object))
            return try rows.map { try make(try ObjectReader.parse(objects[$0.object], id: $0.object), $0.exportedAt) }
        }
        let tenants = try Runner.tenantDirectory(
            try NightState(db).startIndex(), ObjectReader(pending: [:], objects: db.objects))
        let result = Reconciliation.reconcile(
            ledger: Ledger(stored: try db.bookings.all(), events: [], lines: [], lastSequence: 0),
            platform: try every(.booking) { try PlatformBooking(canonical: $0, exportedAt: $1 ?? 0) },
            bankEntries: try every(.bankEntry) { json, _ in try BankEntry(canonical: json) },
            bankStatements: try every(.bankStatement) { json, _ in try CamtStatement(canonical: json) },
            tenants: tenants, asOf: asOf, settlementDays: settlementDays)
        var items: [OpenItems.Key: ReconciliationException] = [:]
        for e in result.exceptions where items[OpenItems.Key(e)] == nil {
            items[OpenItems.Key(e)] = e
        }
        return Reconciled(
            openItems: items,
            matches: Set(result.matches.map { "\($0.tenantID)/\($0.bookingID)/\($0.platformBookingID)/\($0.rule)" }),
            settled: result.settlements.count)
    }

    // MARK: - Generated histories

    /// The files of ``TenantIndependenceTests``' generator for three tenants, plus re-exports,
    /// early and late credits, and a account that changes hands, spread over nights.
    struct History {
        struct Night {
            var files: [(String, [UInt8])] = []
            var asOf: Int64 = 0
        }
        static let tenants = TenantIndependenceTests.tenants
        static let strayIBAN = "DE89370400440532013999"
        var nights: [Night]
        /// Every file, by path.
        let files: [(String, [UInt8])]

        init(seed: UInt64) {
            var base = TenantIndependenceTests.Generator(seed: seed)
            var random = SplitMix64(seed: seed &+ 0x5eed)
            func below(_ n: Int) -> Int { Int(random.next(upTo: UInt64(n))) }
            var files: [(String, [UInt8])] = []
            var stray = ""
            for tenant in Self.tenants {
                let own = base.files(of: tenant)
                files += own
                // The platform re-exports some bookings later, moved, re-keyed or cancelled.
                let export = own.first { $0.0.hasSuffix("c-bookings.json") }!.1
                let records =
                    (try! JSONSerialization.jsonObject(with: Data(export)) as! [String: Any])["records"]
                    as! [[String: Any]]
                var later: [[String: Any]] = []
                for var record in records where below(3) == 0 {
                    switch below(4) {
                    case 0: record["date"] = String(format: "2027-05-%02d", 1 + below(12))
                    case 1: record["checkoutSessionId"] = "cs_\(below(16))"
                    case 2: record["status"] = "CANCELED"
                    default: record["confirmationCode"] = "CONF-X\(below(4))"
                    }
                    later.append(record)
                }
                files.append(
                    (
                        "\(tenant)/e-bookings-later.json",
                        base.json([
                            "exportType": "bookings", "exportedAt": "2026-11-15T00:00:00Z", "records": later,
                        ])
                    ))
                // Credits to an account nobody lists yet, naming this tenant's confirmation codes.
                for record in records.prefix(2) where tenant == "tnt_alder" {
                    let total = record["totalCents"] as! Int
                    stray += """
                        <Ntry><Amt Ccy="USD">\(total / 100).\(String(format: "%02d", total % 100))</Amt><CdtDbtInd>CRDT</CdtDbtInd>\
                        <Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-10-05</Dt></BookgDt><AcctSvcrRef>STRAY-\(record["id"]!)</AcctSvcrRef>\
                        <NtryDtls><TxDtls><RmtInf><Ustrd>Ref \(record["confirmationCode"]!)</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
                        """
                }
            }
            files.append(
                (
                    "x/f-stray-bank.xml",
                    Array(
                        """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
                        <GrpHdr><MsgId>M-stray</MsgId><CreDtTm>2026-10-06T22:00:00</CreDtTm></GrpHdr>
                        <Stmt><Id>S-stray</Id><Acct><Id><IBAN>\(Self.strayIBAN)</IBAN></Id></Acct>
                        \(stray)
                        </Stmt></BkToCstmrStmt></Document>
                        """.utf8)
                ))
            // Later, alder lists the stray account too.
            files.append(
                (
                    "x/g-tenants-later.json",
                    base.json([
                        "exportType": "tenants", "exportedAt": "2026-11-20T00:00:00Z",
                        "records": [
                            [
                                "id": "tnt_alder", "slug": "tnt_alder", "name": "Venue tnt_alder",
                                "commissionPercent": "7",
                                "ibans": [TenantIndependenceTests.Generator.iban("tnt_alder"), Self.strayIBAN],
                                "currency": "usd",
                            ]
                        ],
                    ])
                ))

            // Files in random nights, the tenants' first export in the first (an event of an unknown
            // tenant fails, and would make the ledgers differ, not the reconciliation).
            let count = 3 + below(4)
            var nights = [Night](repeating: Night(), count: count)
            for file in files { nights[file.0.hasSuffix("a-tenants.json") ? 0 : below(count)].files.append(file) }
            // As-of days move forward from 2026-10-02, so settlement windows (7 days) end between nights.
            var asOf: Int64 = 1_790_812_800 + 86_400
            for i in nights.indices {
                asOf += Int64(1 + below(6)) * 86_400
                nights[i].asOf = asOf
            }
            self.nights = nights.filter { !$0.files.isEmpty }
            self.files = files
        }
    }
}
