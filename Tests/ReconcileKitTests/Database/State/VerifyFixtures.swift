@testable import ReconcileKit

/// A small consistent state written as two runs write it, for ``StateDatabase/verify(limit:)`` and
/// ``StateDatabase/gc()``: three checkouts over two tenants (one at 0 %, one at 7 % of 100 cents),
/// a partial and a full refund in the second run, every event in the index with its sightings, a
/// conflict and a snapshot version, and one object nothing names.
struct VerifyFixture {
    typealias F = StateFixtures
    let test: TestDatabase
    let state: StateDatabase
    /// Object ids by what they hold: `t1/evt_1`, `t1/evt_1 conflict`, `tenant t1`, `tenant t1 v2`, `orphan`, ….
    let objects: [String: ObjectID]

    static let fileA = ObjectID(digestOf: Array("file a".utf8))
    static let fileB = ObjectID(digestOf: Array("file b".utf8))

    init(_ engine: DatabaseEngine) throws {
        test = try TestDatabase(engine)
        let state = try StateDatabase(connection: test.connection)
        self.state = state
        let names = [
            "t1/evt_1", "t1/evt_1 conflict", "t1/evt_2", "t1/evt_3", "t2/evt_1", "t1/evt_r1", "t2/evt_r2",
            "tenant t1", "tenant t1 v2", "orphan",
        ]
        // Long enough to be stored compressed.
        let ids = try state.objects.store(
            names.map { Array("{\"object\":\"\($0)\",\"pad\":\"\(String(repeating: "x", count: 200))\"}".utf8) })
        objects = Dictionary(uniqueKeysWithValues: zip(names, ids))
        let o = objects

        func processed(_ tenant: String, _ id: String, type: String = "checkout.session.completed", run: String)
            -> EventState
        {
            var event = EventState(
                eventID: id, type: type, tenantID: TenantID(tenant), created: 1_767_225_600, status: .pending,
                lastError: nil, attempts: 1, history: [EventTransition(from: nil, to: .pending, runID: run)])
            event.move(to: .processed, runID: run)
            return event
        }
        func booking(_ tenant: String, _ id: String, date: String, total: Cents, rate: Int64, event: String) -> Booking
        {
            Booking(
                id: id, tenantID: TenantID(tenant), date: CalendarDate(date)!, status: .paid, total: total,
                currency: "eur",
                paidAt: 1_767_225_600, checkoutSessionID: id, paymentIntentID: "pi_\(id)", rate: BasisPoints(rate),
                commission: Commission.amount(total: total, rate: BasisPoints(rate)), refunded: 0, reversed: 0,
                refundStatus: .none,
                eventID: event, packageID: nil, tierID: nil, addOnIDs: [], metadataCommissionAmount: nil,
                metadataCommissionRate: nil, warnings: [])
        }
        func refunded(_ b: Booking, _ amount: Cents) -> Booking {
            let (refundStatus, status) = RefundStatus.of(refunded: amount, total: b.total)
            return Booking(
                id: b.id, tenantID: b.tenantID, date: b.date, status: status, total: b.total, currency: b.currency,
                paidAt: b.paidAt, checkoutSessionID: b.checkoutSessionID, paymentIntentID: b.paymentIntentID,
                rate: b.rate,
                commission: b.commission, refunded: amount,
                reversed: Commission.reversal(commission: b.commission, refunded: amount, total: b.total),
                refundStatus: refundStatus, eventID: b.eventID, packageID: nil, tierID: nil, addOnIDs: [],
                metadataCommissionAmount: nil, metadataCommissionRate: nil, warnings: [])
        }
        func line(_ sequence: Int, _ b: Booking, refundOf previous: Booking? = nil, event: String? = nil) -> LedgerLine
        {
            let refund = previous.map { b.refunded - $0.refunded } ?? 0
            let reversed = previous.map { b.reversed - $0.reversed } ?? 0
            return LedgerLine(
                sequence: sequence, kind: previous == nil ? .payment : .refund, time: b.paidAt, tenantID: b.tenantID,
                bookingID: b.id, eventID: event ?? b.eventID, eventTenantID: nil, currency: b.currency, rate: b.rate,
                gross: previous == nil ? b.total : 0, commission: previous == nil ? b.commission : 0, refund: refund,
                commissionReversed: reversed)
        }
        func key(_ tenant: String, _ id: String, kind: RecordKind = .event) -> RecordKey {
            RecordKey(kind: kind, tenantID: TenantID(tenant), id: id)
        }
        func sighting(_ key: RecordKey, _ object: ObjectID, run: String, file: ObjectID, outcome: DedupOutcome = .new)
            -> (key: RecordKey, sighting: Sighting)
        {
            (
                key,
                Sighting(
                    runID: run, path: "in/\(run).ndjson", fileSHA256: file, line: 1, byteOffset: 0,
                    objectID: object,
                    outcome: outcome, source: .webhook)
            )
        }

        let one = booking("t1", "cs_1", date: "2026-06-20", total: 150_000, rate: 1_000, event: "evt_1")
        let two = booking("t1", "cs_2", date: "2026-06-21", total: 100, rate: 700, event: "evt_2")
        let other = booking("t2", "cs_1", date: "2026-06-20", total: 100_000, rate: 0, event: "evt_1")
        var failed = EventState(
            eventID: "evt_3", type: "checkout.session.completed", tenantID: TenantID("t1"), created: 1_767_225_600,
            status: .pending, lastError: nil, attempts: 1,
            history: [EventTransition(from: nil, to: .pending, runID: "r1")])
        failed.move(to: .failed, runID: "r1", error: "Unknown tenant")
        try F.inRun(state, "r1") {
            try state.files.insert([IngestedFile(sha256: Self.fileA, path: "in/r1.ndjson", runID: "r1")])
            let events = ["t1/evt_1", "t1/evt_2", "t1/evt_3", "t2/evt_1"].map { name in
                let parts = name.split(separator: "/").map(String.init)
                return (key(parts[0], parts[1]), o[name]!)
            }
            try state.records.insert(
                events.map { ($0.0, StoredRecord(first: $0.1, firstRunID: "r1")) } + [
                    (
                        key("t1", "t1", kind: .tenant),
                        StoredRecord(
                            first: o["tenant t1"]!, firstRunID: "r1",
                            versions: [SnapshotVersion(exportedAt: 100, objectID: o["tenant t1"]!)])
                    )
                ])
            try state.records.addSightings(events.map { sighting($0.0, $0.1, run: "r1", file: Self.fileA) })
            try state.events.upsert([
                processed("t1", "evt_1", run: "r1"), processed("t1", "evt_2", run: "r1"), failed,
                processed("t2", "evt_1", run: "r1"),
            ])
            try state.bookings.upsert([one, two, other])
            try state.ledger.append([line(1, one), line(2, two), line(3, other)])
        }
        let oneRefunded = refunded(one, 50_000)
        let otherRefunded = refunded(other, 100_000)
        try F.inRun(state, "r2") {
            try state.files.insert([IngestedFile(sha256: Self.fileB, path: "in/r2.ndjson", runID: "r2")])
            try state.records.insert([
                (key("t1", "evt_r1"), StoredRecord(first: o["t1/evt_r1"]!, firstRunID: "r2")),
                (key("t2", "evt_r2"), StoredRecord(first: o["t2/evt_r2"]!, firstRunID: "r2")),
            ])
            try state.records.addConflicts([(key("t1", "evt_1"), o["t1/evt_1 conflict"]!)])
            try state.records.addVersions([
                (key("t1", "t1", kind: .tenant), SnapshotVersion(exportedAt: 200, objectID: o["tenant t1 v2"]!))
            ])
            try state.records.addSightings([
                sighting(key("t1", "evt_1"), o["t1/evt_1 conflict"]!, run: "r2", file: Self.fileB, outcome: .conflict),
                sighting(key("t1", "evt_r1"), o["t1/evt_r1"]!, run: "r2", file: Self.fileB),
                sighting(key("t2", "evt_r2"), o["t2/evt_r2"]!, run: "r2", file: Self.fileB),
            ])
            try state.events.upsert([
                processed("t1", "evt_r1", type: "charge.refunded", run: "r2"),
                processed("t2", "evt_r2", type: "charge.refunded", run: "r2"),
            ])
            try state.bookings.upsert([oneRefunded, otherRefunded])
            try state.ledger.append([
                line(4, oneRefunded, refundOf: one, event: "evt_r1"),
                line(5, otherRefunded, refundOf: other, event: "evt_r2"),
            ])
            // The statements' totals, as the night that added lines stores them.
            try NightStatements(figuresOf: state, closed: ClosedMonths()).eachStatement {
                try state.statementTotals.save($0)
            }
        }
    }

    /// Runs `sql` on a second connection that does not enforce foreign keys (SQLite
    /// `foreign_keys = OFF`, PostgreSQL `session_replication_role = replica`), as damage would.
    func damage(_ sql: String, _ values: [DatabaseValue] = []) throws {
        let db = try test.another()
        try db.execute(
            script: db.engine == .sqlite ? "PRAGMA foreign_keys = OFF" : "SET session_replication_role = replica",
            name: "foreign keys off")
        try db.prepare(sql).execute(values)
    }

    /// The problems verify finds, as `kind table key` lines, sorted.
    func problems(limit: Int = StateDatabase.verifyLimit) throws -> [String] {
        try state.verify(limit: limit).map { "\($0.kind.rawValue) \($0.table) \($0.key)" }.sorted()
    }
}
