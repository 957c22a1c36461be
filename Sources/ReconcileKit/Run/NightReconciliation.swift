/// Reconciles what one night touched (SPEC §6), inside the run's transaction.
///
/// A booking's exceptions depend only on its ledger side, the platform bookings it may match (by
/// checkout session, payment intent or date, within its tenant), the bank entries whose references
/// name it, and the time. So a night re-examines the bookings and bank records it brought or
/// changed, the bookings whose settlement window ends between the last run and this one, and,
/// transitively, everything those may match or be named by: the smallest set closed under those
/// links. ``Reconciliation/reconcile(ledger:platform:bankEntries:bankStatements:tenants:asOf:settlementDays:)``
/// runs over that set alone, and its exceptions replace the open items that name any of its
/// records; every other open item carries forward. The first run, and a run with another
/// settlement window, re-examine everything: a batch of tenants at a time
/// (``reconcileEverything()``), since no link crosses tenants.
struct NightReconciliation {
    let db: StateDatabase
    let tenants: TenantDirectory
    let asOf: Int64
    let settlementDays: Int
    let runID: String
    /// How many tenants ``reconcileEverything()`` reconciles together.
    var tenantsPerBatch = 64

    /// Where the night's re-examination starts.
    struct Seeds {
        var ledger: Set<ScopedID> = []
        var platform: Set<ScopedID> = []
        /// The versions that platform bookings had before tonight: what they matched and what named
        /// them is looked at again; they are not reconciled.
        var formerPlatform: [PlatformBooking] = []
        var bankEntries: Set<ScopedID> = []
        var statements: Set<ScopedID> = []
        /// Tenants whose terms or accounts changed: all their records, and every bank record stored
        /// under no tenant (its tenant comes from the accounts).
        var wholeTenants: Set<TenantID> = []
        /// The first reconciliation, or another settlement window: everything.
        var everything = false
    }

    /// The records re-examined together.
    struct Scope {
        var ledger: [ScopedID: Booking] = [:]
        var platform: [ScopedID: PlatformBooking] = [:]
        var bankEntries: [ScopedID: BankEntry] = [:]
        var statements: [ScopedID: CamtStatement] = [:]

        var summary: String {
            "\(ledger.count) ledger bookings, \(platform.count) platform bookings, \(bankEntries.count) bank entries, \(statements.count) statements"
        }
    }

    /// What the run reports of the reconciliation.
    struct Outcome {
        /// Every open item after tonight, aged, in report order.
        var exceptions: ExceptionTable
        var resolved: [RunReport.ResolvedItem]
        var settlement: RunReport.Settlement
    }

    // MARK: Admission

    /// Whether this night re-examines everything: the first, or the first with another settlement window.
    func reexaminesEverything() throws -> Bool {
        reexaminesEverything(after: try db.reconciliation.lastRun())
    }

    /// The same, given the last reconciliation (nil before the first).
    private func reexaminesEverything(after last: ReconciliationTable.LastRun?) -> Bool {
        last?.settlementDays != settlementDays
    }

    /// Stores what reconciliation looks the night's new records up by — the platform bookings in
    /// force, the ids bank references may name, the tokens of the bank's references — and says
    /// where the night's re-examination starts. `bookings` are the ledger bookings the night
    /// created or changed; `entries` gives the index entries of the records it is asked about.
    func admit(
        _ admitted: some Sequence<AdmittedRecord>, entries entriesOf: ([RecordKey]) throws -> [RecordKey: IndexEntry],
        reader: ObjectReader,
        bookings: [Booking]
    ) throws -> Seeds {
        var seeds = Seeds()
        let last = try db.reconciliation.lastRun()
        seeds.everything = reexaminesEverything(after: last)
        // Re-examining everything stores every record's lookup rows (``reconcileEverything()``).
        if seeds.everything { return seeds }
        var platformKeys: [ScopedID] = []
        var entryKeys: [RecordKey] = []
        for record in admitted where record.outcome == .new || record.outcome == .newVersion {
            let key = record.key
            switch key.kind {
            case .booking: platformKeys.append(ScopedID(key.tenantID, key.id))
            case .bankEntry: entryKeys.append(key)
            case .bankStatement: seeds.statements.insert(ScopedID(key.tenantID, key.id))
            case .tenant: seeds.wholeTenants.insert(key.tenantID)
            case .event: continue
            }
        }

        // The platform bookings whose version in force changed tonight; the version before is a seed too.
        let stored = Dictionary(try db.reconciliation.platformBookings(platformKeys).map { ($0.key, $0) }) { a, _ in a }
        let index = try entriesOf(
            platformKeys.map { RecordKey(kind: .booking, tenantID: $0.tenantID, id: $0.id) } + entryKeys)
        // Objects are read a chunk of keys at a time, in one batched lookup each: read one by one,
        // a 10k night's platform bookings and bank entries took 17k statements.
        let changed = Set(platformKeys).sorted(by: ScopedID.precedes).compactMap { key -> (ScopedID, IndexEntry)? in
            guard let entry = index[RecordKey(kind: .booking, tenantID: key.tenantID, id: key.id)] else { return nil }
            return stored[key]?.object == entry.latest ? nil : (key, entry)
        }
        for chunk in changed.chunks(of: NightState.writeChunk) {
            let json = try reader.json(
                chunk.flatMap { key, entry in [entry.latest] + (stored[key].map { [$0.object] } ?? []) })
            var current: [PlatformBooking] = []
            for (key, entry) in chunk {
                current.append(
                    try PlatformBooking(
                        canonical: json[entry.latest]!, exportedAt: entry.versions.last?.exportedAt ?? 0))
                if let before = stored[key] {
                    seeds.formerPlatform.append(try PlatformBooking(canonical: json[before.object]!, exportedAt: 0))
                }
                seeds.platform.insert(key)
            }
            try db.reconciliation.upsert(platform: current)
        }

        let newEntries = entryKeys.compactMap { key in index[key].map { (key, $0) } }
        for chunk in newEntries.chunks(of: NightState.writeChunk) {
            let json = try reader.json(chunk.map(\.1.first))
            var entries: [(key: ScopedID, references: [String])] = []
            for (key, entry) in chunk {
                let bankEntry = try BankEntry(canonical: json[entry.first]!)
                entries.append((ScopedID(key.tenantID, key.id), bankEntry.references))
                seeds.bankEntries.insert(ScopedID(key.tenantID, key.id))
            }
            try db.reconciliation.addTokens(of: entries)
        }

        try db.reconciliation.addIdentifiers(
            bookings.map { ($0.key, .ledger, ReconciliationTable.identifiers(of: $0)) })
        seeds.ledger = Set(bookings.map(\.key))

        // The bookings whose settlement window ends between the last run and this one (either way).
        if let last, !seeds.everything {
            let window = Self.saturating(Int64(clamping: settlementDays), times: 86_400)
            let (a, b) = (Self.saturating(last.asOf, minus: window), Self.saturating(asOf, minus: window))
            if a != b { seeds.ledger.formUnion(try db.bookings.keys(paidFrom: min(a, b), before: max(a, b))) }
        }
        return seeds
    }

    private static func saturating(_ a: Int64, times b: Int64) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? (a < 0 ? .min : .max) : product
    }

    private static func saturating(_ a: Int64, minus b: Int64) -> Int64 {
        let (difference, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? (b > 0 ? .min : .max) : difference
    }

    // MARK: The night's scope

    /// The seeds' records and everything they may match or be named by, transitively.
    func scope(_ seeds: Seeds) throws -> Scope {
        precondition(!seeds.everything, "everything is reconciled by reconcileEverything()")
        var closure = try Closure(db: db, tenants: tenants)
        try closure.addLedger(Array(try db.bookings.load(Array(seeds.ledger)).values))
        try closure.addPlatform(try db.reconciliation.platformBookings(Array(seeds.platform)))
        try closure.addEntries(Array(seeds.bankEntries))
        var statements = Array(seeds.statements)
        for tenant in seeds.wholeTenants.sorted() {
            try closure.addLedger(try db.bookings.all(of: tenant))
            try closure.addPlatform(try db.reconciliation.platformBookings(ofTenant: tenant))
            try closure.addEntries(
                try db.records.keys(of: .bankEntry, tenant: tenant).map { ScopedID($0.tenantID, $0.id) })
            statements += try db.records.keys(of: .bankStatement, tenant: tenant).map { ScopedID($0.tenantID, $0.id) }
        }
        if !seeds.wholeTenants.isEmpty {
            try closure.addEntries(
                try db.records.keys(of: .bankEntry, tenant: .global).map { ScopedID($0.tenantID, $0.id) })
            statements += try db.records.keys(of: .bankStatement, tenant: .global).map { ScopedID($0.tenantID, $0.id) }
        }
        try closure.follow(formerPlatform: seeds.formerPlatform)
        try closure.close()
        var scope = closure.scope
        for (key, json) in try Self.objects(db, of: .bankStatement, statements) {
            scope.statements[key] = try CamtStatement(canonical: json)
        }
        return scope
    }

    /// The records of `tenants`: their ledger bookings, platform bookings in force, bank entries
    /// and statements, with the bank records stored under no tenant whose account is theirs now
    /// (`unassigned`). Stores the records' lookup rows, which a night re-examining everything
    /// did not write as it admitted them.
    private func scope(of tenants: [TenantID], unassigned: UnassignedBank) throws -> Scope {
        var scope = Scope()
        for tenant in tenants {
            for booking in try db.bookings.all(of: tenant) { scope.ledger[booking.key] = booking }
        }
        let platform = try Self.inForce(db, .booking, of: tenants) {
            try PlatformBooking(canonical: $0, exportedAt: $1 ?? 0)
        }
        // Bank records stored under no tenant come through `unassigned`, by account.
        let named = tenants.filter { $0 != .global }
        var entries = try Self.inForce(db, .bankEntry, of: named) { json, _ in try BankEntry(canonical: json) }
        for statement in try Self.inForce(
            db, .bankStatement, of: named, { json, _ in try CamtStatement(canonical: json) })
        {
            scope.statements[ScopedID(statement.tenantID, statement.identity)] = statement
        }
        for tenant in Set(tenants) {
            entries += unassigned.entries[tenant] ?? []
            for statement in unassigned.statements[tenant] ?? [] {
                scope.statements[ScopedID(statement.tenantID, statement.identity)] = statement
            }
        }
        for p in platform { scope.platform[ScopedID(p.tenantID, p.id)] = p }
        for e in entries { scope.bankEntries[ScopedID(e.tenantID, e.id)] = e }
        try db.reconciliation.upsert(platform: platform)
        try db.reconciliation.addTokens(of: entries.map { (ScopedID($0.tenantID, $0.id), $0.references) })
        try db.reconciliation.addIdentifiers(
            scope.ledger.values.sorted { ScopedID.precedes($0.key, $1.key) }
                .map { ($0.key, .ledger, ReconciliationTable.identifiers(of: $0)) })
        return scope
    }

    /// The bank entries and statements stored under no tenant, by the tenant their account
    /// belongs to now (``TenantID/global`` for an account no tenant lists).
    struct UnassignedBank {
        var entries: [TenantID: [BankEntry]] = [:]
        var statements: [TenantID: [CamtStatement]] = [:]

        init(_ db: StateDatabase, tenants: TenantDirectory) throws {
            for e in try NightReconciliation.inForce(
                db, .bankEntry, of: [.global], { json, _ in try BankEntry(canonical: json) })
            {
                entries[e.tenant(in: tenants), default: []].append(e)
            }
            for s in try NightReconciliation.inForce(
                db, .bankStatement, of: [.global], { json, _ in try CamtStatement(canonical: json) })
            {
                statements[s.tenant(in: tenants), default: []].append(s)
            }
        }
    }

    /// The records of `kind` stored under `tenants`, each read from its object in force (in one
    /// read, in hash order).
    static func inForce<T>(
        _ db: StateDatabase, _ kind: RecordKind, of tenants: [TenantID],
        _ make: (JSONValue, Int64?) throws -> T
    ) throws -> [T] {
        var rows: [(key: RecordKey, object: ObjectID, exportedAt: Int64?)] = []
        for tenant in tenants { rows += try db.records.objectsInForce(of: kind, tenant: tenant) }
        guard !rows.isEmpty else { return [] }
        let objects = try db.objects.read(rows.map(\.object))
        return try rows.map { try make(try ObjectReader.parse(objects[$0.object], id: $0.object), $0.exportedAt) }
    }

    /// The canonical JSON of the stored records `keys` of `kind` (first object: bank records have one).
    static func objects(_ db: StateDatabase, of kind: RecordKind, _ keys: [ScopedID]) throws -> [(ScopedID, JSONValue)]
    {
        let records = try db.records.records(keys.map { RecordKey(kind: kind, tenantID: $0.tenantID, id: $0.id) })
        let objects = try db.objects.read(records.values.map(\.first))
        return try records.sorted { $0.key < $1.key }.map { key, record in
            (ScopedID(key.tenantID, key.id), try ObjectReader.parse(objects[record.first], id: record.first))
        }
    }

    // MARK: Reconciling the scope

    /// Reconciles `scope`, replaces the open items and reconciled bookings that name its records,
    /// and returns every open item for the report.
    func reconcile(_ scope: Scope) throws -> Outcome {
        // The open items the scope's records are named in, aged against what the scope finds now.
        var named = try db.openItems.open(
            ledger: Array(scope.ledger.keys), platform: Array(scope.platform.keys),
            bankEntries: scope.bankEntries.keys.map(\.id) + scope.statements.keys.map(\.id))
        // A bank record is found by id alone: keep the items of its own tenant (or of any, for a
        // record stored under no tenant, whose tenant comes from the accounts).
        let bankIDs = Dictionary(grouping: Array(scope.bankEntries.keys) + Array(scope.statements.keys), by: \.id)
        named.items = named.items.filter { key, item in
            let e = item.exception
            if let id = e?.bookingID, scope.ledger[ScopedID(key.tenant, id)] != nil { return true }
            if let id = e?.platformBookingID, scope.platform[ScopedID(key.tenant, id)] != nil { return true }
            guard let id = e?.bankEntryID, let stored = bankIDs[id] else { return e == nil }
            return stored.contains { $0.tenantID == .global || $0.tenantID == key.tenant }
        }
        let (resolved, rows) = try reconcile(scope, replacing: named)

        // Each booking's match and settlement; the settled count moves by the difference.
        let before = try db.reconciliation.lastRun()?.settled ?? 0
        let old = try db.reconciliation.reconciled(
            ledger: Array(scope.ledger.keys), platform: Array(scope.platform.keys))
        try db.reconciliation.replace(old, with: rows)
        return try finish(
            resolved: resolved, settled: max(0, before - old.count { $0.settled } + rows.count { $0.settled }))
    }

    /// Reconciles every stored record (the first run, another settlement window), a batch of
    /// ``tenantsPerBatch`` tenants at a time: each batch's records are read, reconciled and its
    /// open items and reconciled bookings replaced before the next is read. No link crosses
    /// tenants, so the batches together find what one reconciliation of everything finds; a bank
    /// record stored under no tenant goes with the tenant its account belongs to now.
    func reconcileEverything() throws -> Outcome {
        let unassigned = try UnassignedBank(db, tenants: tenants)
        var all = try db.tenantsWithRows()
        var spelled = Set(all.map { Array($0.rawValue.utf8) })
        for tenant in Array(unassigned.entries.keys) + Array(unassigned.statements.keys)
        where spelled.insert(Array(tenant.rawValue.utf8)).inserted {
            all.append(tenant)
        }
        // Ids that Swift calls equal (Unicode-equivalent spellings) stay in one batch, as in one
        // reconciliation of everything.
        let groups = Dictionary(grouping: all, by: { $0 }).values.sorted { $0[0] < $1[0] }

        try db.reconciliation.removeAll()
        var resolved: [RunReport.ResolvedItem] = []
        var settled = 0
        var start = 0
        while start < groups.count {
            let end = start + min(max(1, tenantsPerBatch), groups.count - start)
            let batch = Array(groups[start..<end].joined())
            start = end
            let scope = try scope(of: batch, unassigned: unassigned)
            let (batchResolved, rows) = try reconcile(scope, replacing: try db.openItems.open(tenants: batch))
            try db.reconciliation.replace([], with: rows)
            resolved += batchResolved
            settled += rows.count { $0.settled }
        }
        return try finish(resolved: resolved, settled: settled)
    }

    /// Reconciles `scope`, ages what it finds against `previous` (the open items its records may
    /// be named in) and stores the open items; returns the items resolved and the scope's
    /// reconciled bookings.
    private func reconcile(_ scope: Scope, replacing previous: OpenItems)
        throws -> (resolved: [RunReport.ResolvedItem], rows: [ReconciliationTable.Reconciled])
    {
        let ledger = Ledger(
            stored: scope.ledger.values.sorted { ScopedID.precedes($0.key, $1.key) }, events: [], lines: [],
            lastSequence: 0)
        let result = Reconciliation.reconcile(
            ledger: ledger,
            platform: scope.platform.values.sorted {
                ScopedID.precedes(ScopedID($0.tenantID, $0.id), ScopedID($1.tenantID, $1.id))
            },
            bankEntries: Array(scope.bankEntries.values),
            bankStatements: scope.statements.keys.sorted(by: ScopedID.precedes).map { scope.statements[$0]! },
            tenants: tenants, asOf: asOf, settlementDays: settlementDays)
        let aged = OpenItemsStep.age(result.exceptions, previous: previous, asOf: asOf, runID: runID)
        try db.openItems.save(
            aged.open,
            resolved: aged.resolved.map {
                OpenItems.Key(tenant: $0.tenant, kind: $0.kind, references: $0.references)
            }, asOf: CalendarDate(unixSeconds: asOf).text, runID: runID)
        return (aged.resolved, Self.reconciledRows(scope, result))
    }

    /// Stores the run's settled count and reads every open item for the report.
    private func finish(resolved: [RunReport.ResolvedItem], settled: Int) throws -> Outcome {
        try db.reconciliation.save(.init(asOf: asOf, settlementDays: settlementDays, settled: settled))
        let open = try db.openItems.open()
        var exceptions: [ReconciliationException] = []
        var items: [OpenItems.Item] = []
        for key in open.items.keys.sorted() {
            let item = open.items[key]!
            guard let e = item.exception else { continue }
            exceptions.append(e)
            items.append(item)
        }
        let order =
            exceptions.stableOrder(by: ReconciliationException.reportOrder) ?? Array(exceptions.indices)
        var table = ExceptionTable()
        table.reserveCapacity(order.count)
        var unsettled = 0
        var unmatched = 0
        for i in order {
            let (e, item) = (exceptions[i], items[i])
            if e.kind == .unsettledBooking { unsettled += 1 }
            if e.kind == .unmatchedBankCredit { unmatched += 1 }
            table.append(e)
            let day = CalendarDate(item.firstSeen)?.daysSinceEpoch ?? CalendarDate(unixSeconds: asOf).daysSinceEpoch
            let since: ExceptionTable.Since =
                item.firstSeenRun == runID ? .new : item.changedRun == runID ? .changed : .open
            table.setAging(table.count - 1, firstSeenDay: Int32(clamping: day), since: since)
        }
        return Outcome(
            exceptions: table, resolved: resolved,
            settlement: RunReport.Settlement(settled: settled, unsettled: unsettled, unmatchedCredits: unmatched))
    }

    /// Each of the scope's bookings, ledger and platform, with its match and whether it is settled.
    private static func reconciledRows(_ scope: Scope, _ result: ReconciliationResult) -> [ReconciliationTable
        .Reconciled]
    {
        typealias Row = ReconciliationTable.Reconciled
        let settled = Set(
            result.settlements.map { "\($0.tenantID)\u{0}\($0.bookingID ?? "")\u{0}\($0.platformBookingID ?? "")" })
        var rows: [Row] = []
        var matchedLedger: Set<ScopedID> = []
        var matchedPlatform: Set<ScopedID> = []
        func row(_ tenant: TenantID, _ ledger: String, _ platform: String, _ rule: BookingMatch.Rule?) -> Row {
            Row(
                tenantID: tenant, ledgerBookingID: ledger, platformBookingID: platform, rule: rule,
                settled: settled.contains("\(tenant.rawValue)\u{0}\(ledger)\u{0}\(platform)"))
        }
        for m in result.matches {
            rows.append(row(m.tenantID, m.bookingID, m.platformBookingID, m.rule))
            matchedLedger.insert(ScopedID(m.tenantID, m.bookingID))
            matchedPlatform.insert(ScopedID(m.tenantID, m.platformBookingID))
        }
        for key in scope.ledger.keys where !matchedLedger.contains(key) {
            rows.append(row(key.tenantID, key.id, "", nil))
        }
        for key in scope.platform.keys where !matchedPlatform.contains(key) {
            rows.append(row(key.tenantID, "", key.id, nil))
        }
        rows.sort {
            ($0.tenantID.rawValue, $0.ledgerBookingID, $0.platformBookingID) < (
                $1.tenantID.rawValue, $1.ledgerBookingID, $1.platformBookingID
            )
        }
        return rows
    }
}

extension NightReconciliation {
    /// Grows a scope from its seeds until every link is inside it: ledger booking ↔ platform booking
    /// (checkout session, payment intent, date, within a tenant), booking ↔ bank entry (an id the
    /// entry's references name, within the entry's tenant).
    struct Closure {
        let db: StateDatabase
        let tenants: TenantDirectory
        var scope = Scope()
        private var newLedger: [Booking] = []
        private var newPlatform: [PlatformBooking] = []
        private var newEntries: [BankEntry] = []

        /// Whether any bank entry is stored under no tenant.
        private let hasGlobalCredits: Bool

        init(db: StateDatabase, tenants: TenantDirectory) throws {
            self.db = db
            self.tenants = tenants
            hasGlobalCredits = try db.reconciliation.hasTokens(of: .global)
        }

        mutating func addLedger(_ bookings: [Booking]) throws {
            for b in bookings where scope.ledger[b.key] == nil {
                scope.ledger[b.key] = b
                newLedger.append(b)
            }
        }

        mutating func addPlatform(_ rows: [ReconciliationTable.PlatformRow]) throws {
            let missing = rows.filter { scope.platform[$0.key] == nil }
            guard !missing.isEmpty else { return }
            let objects = try db.objects.read(missing.map(\.object))
            for row in missing where scope.platform[row.key] == nil {
                let p = try PlatformBooking(
                    canonical: try ObjectReader.parse(objects[row.object], id: row.object), exportedAt: 0)
                scope.platform[row.key] = p
                newPlatform.append(p)
            }
        }

        mutating func addEntries(_ keys: [ScopedID]) throws {
            let missing = Array(Set(keys.filter { scope.bankEntries[$0] == nil }))
            guard !missing.isEmpty else { return }
            for (key, json) in try NightReconciliation.objects(db, of: .bankEntry, missing) {
                let entry = try BankEntry(canonical: json)
                scope.bankEntries[key] = entry
                newEntries.append(entry)
            }
        }

        /// Follows the links of platform booking versions no longer in force (they are not added).
        mutating func follow(formerPlatform: [PlatformBooking]) throws {
            newPlatform += formerPlatform
        }

        /// Adds what the newly added records link to, until nothing new comes.
        mutating func close() throws {
            while !(newLedger.isEmpty && newPlatform.isEmpty && newEntries.isEmpty) {
                let (ledger, platform, entries) = (newLedger, newPlatform, newEntries)
                (newLedger, newPlatform, newEntries) = ([], [], [])

                // A booking's credits are stored under its tenant, or under none (an account no tenant
                // listed then; looked for only when there are such credits).
                var sessions: [ScopedID] = []
                var intents: [ScopedID] = []
                var dates: [BookingTable.DateKey] = []
                var tokens: [ScopedID] = []
                func named(_ tenant: TenantID, _ identifiers: [String]) {
                    for id in identifiers {
                        tokens.append(ScopedID(tenant, id))
                        if hasGlobalCredits { tokens.append(ScopedID(.global, id)) }
                    }
                }
                for b in ledger {
                    sessions.append(ScopedID(b.tenantID, b.checkoutSessionID))
                    if let pi = b.paymentIntentID { intents.append(ScopedID(b.tenantID, pi)) }
                    dates.append(BookingTable.DateKey(b.tenantID, b.date))
                    named(b.tenantID, ReconciliationTable.identifiers(of: b))
                }
                try addPlatform(try db.reconciliation.platformBookings(bySession: sessions))
                try addPlatform(try db.reconciliation.platformBookings(byPaymentIntent: intents))
                try addPlatform(try db.reconciliation.platformBookings(byDate: dates))

                var ledgerIDs: [ScopedID] = []
                var ledgerIntents: [ScopedID] = []
                var ledgerDates: [BookingTable.DateKey] = []
                for p in platform {
                    if let cs = p.checkoutSessionID { ledgerIDs.append(ScopedID(p.tenantID, cs)) }
                    if let pi = p.paymentIntentID { ledgerIntents.append(ScopedID(p.tenantID, pi)) }
                    ledgerDates.append(BookingTable.DateKey(p.tenantID, p.date))
                    named(p.tenantID, ReconciliationTable.identifiers(of: p))
                }
                try addLedger(Array(try db.bookings.load(ledgerIDs).values))
                try addLedger(Array(try db.bookings.load(paymentIntents: ledgerIntents).values))
                try addLedger(Array(try db.bookings.load(dates: ledgerDates).values))
                try addEntries(try db.reconciliation.bankEntries(naming: tokens))

                // A bank entry names bookings of its own tenant only (SPEC §3.3).
                var named: [ScopedID] = []
                for e in entries {
                    let tenant = e.tenant(in: tenants)
                    named += ReferenceIndex.tokens(of: e.references).map { ScopedID(tenant, $0) }
                }
                var namedLedger: [ScopedID] = []
                var namedPlatform: [ScopedID] = []
                for (side, key) in try db.reconciliation.bookings(named: named) {
                    if side == .ledger { namedLedger.append(key) } else { namedPlatform.append(key) }
                }
                try addLedger(Array(try db.bookings.load(namedLedger).values))
                try addPlatform(try db.reconciliation.platformBookings(namedPlatform))
            }
        }
    }
}
