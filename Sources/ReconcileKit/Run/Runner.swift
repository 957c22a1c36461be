import Foundation

/// One nightly run (SPEC §2–§7): scan, decode, dedup, apply, reconcile, commit, publish. The state
/// changes in one database transaction: it commits completely or leaves the state as it was.
package struct Runner {
    let configuration: RunConfiguration

    package init(configuration: RunConfiguration) {
        self.configuration = configuration
    }

    package func run() throws(RunFailure) -> RunOutcome {
        do {
            #if RECONCILE_TEST_HOOKS
                // A fault plan (tests) replaces the I/O layer for this run; otherwise the caller's stands.
                if let plan = configuration.faultPlan {
                    return try FileIO.$current.withValue(FileIO.failing(plan)) { try perform() }
                }
            #endif
            return try perform()
        } catch {
            throw RunFailure(error)
        }
    }

    /// What a run computes inside its transaction and writes to the outbox after the commit.
    private struct Computed {
        var report: RunReport
        var months: [MonthIndex]?
        var bytesRead: Int64
    }

    /// Where a night's statements go as they are built: staged in the outbox (written after the
    /// commit), or, in a dry run, only counted.
    private struct StatementOutput {
        var staging: OutboxStaging?
        var built: [StatementID] = []
        var skipped: [SkippedStatement] = []

        mutating func take(_ statements: [CommissionStatement], scope: StatementScope) throws {
            guard staging == nil else { return try staging!.stage(statements, scope: scope) }
            let sorted = try OutboxWriter.sortOut(statements)
            built += sorted.writable.map { StatementID(tenant: $0.tenantID, month: $0.month) }
            skipped += sorted.skipped
        }

        var statements: [StatementID] { staging?.statements ?? built }
        var skippedStatements: [SkippedStatement] { staging?.skipped ?? skipped }
    }

    /// A dry run's transaction ends by throwing this: everything it wrote is rolled back.
    private struct DryRunRollback: Error {
        let computed: Computed
    }

    /// How many statements ``RunConfiguration/statementsTimed`` is told of.
    static let statementsShown = 15

    private func perform() throws -> RunOutcome {
        let config = configuration
        var marks = PhaseMarks(config.phaseFinished)
        // An outbox that cannot be written stops the run before the state is touched.
        if !config.dryRun { try OutboxWriter(root: config.outbox, jobs: config.jobs).checkWritable() }
        let access = try StateAccess.openLocked(config.state, dryRun: config.dryRun, wait: config.waitForLock) {
            config.afterLockAcquired?()
        }
        defer {
            config.statementsTimed?(access.database.connection.timings.busiest(Self.statementsShown))
            access.release()
        }
        let scan: InboxScan
        do {
            // A night the workers listed is read as they listed it.
            scan =
                try config.workerNight?.scan
                ?? InboxScanner(root: config.inbox, settleSeconds: config.settleSeconds, now: config.now).scan()
        } catch {
            throw RunFailure(error) { "cannot scan inbox: \($0)" }
        }
        let computed: Computed
        func runID() throws -> String {
            RunID.make(
                asOf: config.asOf, mode: config.mode, parent: try access.database.runs.head()?.root, files: scan.files)
        }
        // A dry run's id is made inside its transaction, once the schema is there to read the head from.
        let stagedRunID = config.dryRun ? nil : try runID()
        var output = StatementOutput(
            staging: try stagedRunID.map {
                try OutboxStaging(
                    writer: OutboxWriter(root: config.outbox, jobs: config.jobs), runID: $0, asOf: config.asOf)
            })
        do {
            // One transaction: the night's rows, then the run's row and the head, commit together or not at all.
            computed = try access.database.transaction {
                // A dry run's schema is brought up to date in here, and so rolled back with the rest.
                if config.dryRun { try StateSchema.migrator.migrate(access.database.connection) }
                let computed = try night(
                    access.database, scan: scan, runID: try stagedRunID ?? runID(), output: &output, marks: &marks)
                if config.dryRun { throw DryRunRollback(computed: computed) }
                if let workerNight = config.workerNight, let runID = stagedRunID {
                    let status = RunOutcome(
                        report: computed.report, statements: [], published: nil, dryRun: false, outbox: config.outbox,
                        skipped: output.skippedStatements
                    ).exitStatus
                    try workerNight.beforeCommit(access.database.connection, runID, status)
                }
                CrashPoint.beforeCommit.killIfPlanned(config.crashPoint)
                return computed
            }
        } catch let rollback as DryRunRollback {
            computed = rollback.computed
        } catch let error as OutboxError {
            // The statements are staged before the commit: nothing is committed and nothing is in place.
            output.staging?.discard()
            throw RunFailure(error) {
                "nothing committed, the state is as it was: the outbox could not be written: \($0)"
            }
        } catch {
            output.staging?.discard()
            throw error
        }
        marks.finished("commit")
        if !config.dryRun, access.database.engine == .sqlite {
            // SQLite's planner keeps statistics only when asked (PostgreSQL's autovacuum analyzes):
            // after a night's writes, so the next night's lookups take the right index. Every table,
            // sampled (analysis_limit: exact statistics cost seconds a night): `PRAGMA
            // optimize` skipped the tables a cold load had not looked up by their indexes, and the
            // next night looked up platform bookings by scanning each tenant's.
            try? access.database.connection.execute(script: "PRAGMA analysis_limit = 1000; ANALYZE", name: "analyze")
        }
        marks.finished("analyze")
        CrashPoint.beforePublish.killIfPlanned(config.crashPoint)
        if !config.dryRun {
            // A first run's database, built beside the state, takes the state's place.
            do { try access.publish() } catch {
                output.staging?.discard()
                throw error
            }
        }
        CrashPoint.afterCommit.killIfPlanned(config.crashPoint)
        var published: OutboxWriteResult? = nil
        // A statement the outbox cannot name is skipped and reported, in a dry run as in a real one.
        let skipped = output.skippedStatements
        let shown = computed.report.adding(exceptions: skipped.map(\.exception))
        if var staging = output.staging {
            do {
                published = try staging.finish(report: shown, months: computed.months)
            } catch {
                // The commit stands; say so, so nobody "fixes" the state by hand.
                throw RunFailure(error) {
                    "state committed at root \(computed.report.root?.short ?? "-"), but the outbox could not be written: \($0); the next run rewrites every statement, this run's report folder stays incomplete"
                }
            }
        }
        marks.finished("outbox")
        return RunOutcome(
            report: shown, statements: output.statements, published: published,
            dryRun: config.dryRun, outbox: config.outbox, bytesRead: computed.bytesRead, skipped: skipped)
    }

    /// The night inside the run's transaction: dedup against the stored index, apply, write back,
    /// reconcile, age the open items, build the statements and the report, add the run's row.
    private func night(
        _ db: StateDatabase, scan: InboxScan, runID: String, output: inout StatementOutput, marks: inout PhaseMarks
    ) throws -> Computed {
        let config = configuration
        let night = try NightState(db, spillAfter: config.indexKeysHeld)
        try db.runs.begin(runID: runID, time: config.asOf, asOf: CalendarDate(unixSeconds: config.asOf))
        let small = try night.smallState()
        var index = try night.startIndex()
        marks.finished("load")

        var ingestion = Ingestion(runID: runID, limits: config.limits, jobs: config.jobs)
        ingestion.progress = config.progress  // ops: progress line
        ingestion.staged = config.workerNight?.staged
        let stamps = try db.fileStamps.lookup(scan.files.map(\.relativePath))
        // Bank reports are decoded once every tenant record is admitted (they add none), so the
        // directory their decoder reads is the night's: it is built once.
        var builtTenants: TenantDirectory?
        var ingest = try ingestion.ingest(scan, index: &index, rejected: small.rejected, night: night, stamps: stamps) {
            index, pending in
            builtTenants = try? Self.tenantDirectory(index, ObjectReader(pending: pending, objects: db.objects))
            return builtTenants ?? TenantDirectory(versions: [])
        }
        if let key = ingest.unreadableEvents.first {
            throw RunFailure(
                .internalError, "internal error: new event \(key) cannot be read back from its canonical form")
        }
        try night.writeIndex(index, runID: runID)
        try db.fileStamps.record(ingest.stamps)
        // The new list-export events, the only records the report asks whether they were backfilled
        // (one pass over the admitted records, which a first run reads back from a temporary file).
        let backfillCandidates = ingest.admitted.filter(\.mayBeBackfilled).map(\.key)
        index.forgetSightings(except: Set(backfillCandidates))
        Self.checkReferencesResolved(db)
        marks.finished("ingest")
        CrashPoint.afterObjects.killIfPlanned(config.crashPoint)

        let reader = ObjectReader(pending: ingest.newObjects, objects: db.objects)
        let conflicts = ConflictListing.conflicts(ingest.conflicts, reader: reader, newEvents: ingest.newEvents)
        let tenants = try builtTenants ?? Self.tenantDirectory(index, reader)
        let retried = config.mode == .retry ? try night.failedEvents() : []
        let newEvents = ingest.newEvents
        ingest.newEvents = []
        let reconciliation = NightReconciliation(
            db: db, tenants: tenants, asOf: config.asOf, settlementDays: config.settlementDays, runID: runID)
        // A night that re-examines everything reads every booking again: the night's are not kept.
        let keepsTouchedBookings = try !reconciliation.reexaminesEverything()
        var changes = try ChangesDigest(admitted: ingest.admitted) { keys in
            try night.entries(of: keys, in: index).mapValues(\.latest)
        }
        var newLines = NightLines(closed: small.closedMonths)
        var touched: [ScopedID: Booking] = [:]
        var application = Application()
        // In application order, a chunk of events at a time, each on the ledger its events touch as
        // the chunks before left it in the database: a first run's million events never make one
        // ledger in memory. The failed events a retry takes up again go first, with the first chunk.
        let order = newEvents.indices.sorted { ApplicationKey.precedes(newEvents[$0].order, newEvents[$1].order) }
        var lastSequence = night.lastSequence
        var start = 0
        repeat {
            let chunk = try reader.events(
                order[start..<min(start + max(config.eventsPerChunk, 1), order.count)].map { newEvents[$0].object })
            var ledger = try night.ledger(for: start == 0 ? retried + chunk : chunk, lastSequence: lastSequence)
            if start == 0, config.mode == .retry {
                let byKey = Dictionary(retried.map { (ScopedID($0.tenantID, $0.id), $0) }) { a, _ in a }
                for failed in ledger.failedEvents {
                    guard let event = byKey[failed.key] else { continue }
                    application.record(ledger.retry(event, tenants: tenants, runID: runID), event: event, retry: true)
                }
            }
            ledger.reserveCapacity(forNewEvents: chunk.count)
            for event in chunk {
                application.record(ledger.apply(event, tenants: tenants, runID: runID), event: event, retry: false)
            }
            #if DEBUG
                ledger.checkInvariants()
            #endif
            try night.writeLedger(ledger)
            let added = ledger.lines[ledger.changes.firstNewLine...]
            changes.add(added)
            newLines.add(added)
            lastSequence = added.last?.sequence ?? lastSequence
            if keepsTouchedBookings { for id in ledger.changes.bookingIDs { touched[id] = ledger.booking(id)! } }
            start += chunk.count
        } while start < order.count
        let touchedBookings = touched.keys.sorted(by: ScopedID.precedes).map { touched[$0]! }
        Self.checkReferencesResolved(db)
        marks.finished("apply")

        // Reconciliation re-examines what the night touched; other open items carry forward.
        let seeds = try reconciliation.admit(
            ingest.admitted, entries: { try night.entries(of: $0, in: index) }, reader: reader,
            bookings: touchedBookings)
        marks.finished("admit")
        // Everything (the first run, another settlement window) is reconciled a batch of tenants at a time.
        let examined = seeds.everything ? nil : try reconciliation.scope(seeds)
        marks.finished("scope")
        let reconciled = try examined.map(reconciliation.reconcile) ?? reconciliation.reconcileEverything()
        marks.finished("reconcile")

        // The statements of what changed; all of them when the outbox lacks the parent run's.
        let outbox = OutboxWriter(root: config.outbox, jobs: config.jobs)
        let builder = NightStatements(
            db: db, tenants: tenants, closed: small.closedMonths, openItems: reconciled.exceptions)
        let sink: NightStatements.Sink = { statements, scope in
            try db.statementRevisions.number(&statements)
            try output.take(statements, scope: scope)
        }
        // Statements the outbox cannot name are built every night (an earlier build's state).
        let built =
            seeds.everything || night.head == nil || outbox.latestRunID() != night.head?.runID
            ? try builder.all(
                night: newLines, admitted: ingest.admitted, parentRunID: night.head?.runID, outbox: outbox, into: sink)
            : try builder.changed(
                night: newLines, examined: examined.map { Array($0.ledger.keys) } ?? [],
                renamed: index.changedKeys(of: .tenant).map { TenantID($0.id) },
                unnameable: try db.statementRevisions.ids { SkippedStatement.reason($0) != nil }, into: sink)
        Self.checkReferencesResolved(db)
        marks.finished("statements")

        try night.writeSmallState(
            SmallState(rejected: ingest.rejectedLog, closedMonths: small.closedMonths), since: small)
        let manifest = RunManifest(
            runID: runID, mode: config.mode.rawValue, asOf: config.asOf,
            inputs: ingest.ingested.map { RunInput(path: $0.file.relativePath, sha256: $0.sha256, size: $0.file.size) },
            counts: RunCounts(ingest: ingest, application: application).dictionary)
        let run = try db.runs.commit(
            runID: runID, time: config.asOf, asOf: CalendarDate(unixSeconds: config.asOf),
            manifest: manifest.canonicalBytes, changesDigest: changes.finalize())
        // A new event read from a list export and from nothing else was backfilled (its sightings).
        let backfilled = Set(
            try night.entries(of: backfillCandidates, in: index, sightings: true)
                .filter(\.value.backfilled).keys)
        let report = ReportBuilder.report(
            runID: runID, config: config, root: config.dryRun ? nil : run.root, parent: night.head?.root,
            ingest: ingest, backfilled: backfilled, application: application,
            reconciled: .init(exceptions: reconciled.exceptions, settlement: reconciled.settlement),
            conflicts: conflicts, resolved: reconciled.resolved, previousOpenItemsKnown: night.head != nil,
            money: built.money)
        let bytesRead = ingest.bytesRead
        Discard.onAnotherThread((ingest, index))
        marks.finished("report")
        return Computed(report: report, months: built.months, bytesRead: bytesRead)
    }

    /// A night writes each row after the rows it names, its run's row first: SQLite then never
    /// holds an unresolved deferred reference, which would make every insert into a parent table
    /// scan that table's children (``RunLog``). Checked in debug builds.
    private static func checkReferencesResolved(_ db: StateDatabase) {
        #if DEBUG
            if let sqlite = db.connection as? SQLiteConnection, sqlite.hasUnresolvedDeferredReferences {
                preconditionFailure("a row names a row the night has not written yet")
            }
        #endif
    }

    /// Every version of every tenant the index knows.
    static func tenantDirectory(_ index: RecordIndex, _ reader: ObjectReader) throws -> TenantDirectory {
        let stored = index.nonEventKeys.filter { $0.kind == .tenant }.flatMap { index.entry($0)!.versions }
        // In one batched lookup: one statement per version cost a 10k night on 1M ~2,500 of them.
        let json = try reader.json(stored.map(\.objectID))
        return TenantDirectory(
            versions: try stored.map { try TenantVersion(canonical: json[$0.objectID]!, exportedAt: $0.exportedAt) })
    }
}
