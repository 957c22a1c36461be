import Foundation

/// One nightly run (SPEC §2–§7): scan, decode, dedup, apply, reconcile, commit, publish. It either
/// commits completely or leaves the state as it was.
public struct Runner {
    public let configuration: RunConfiguration

    public init(configuration: RunConfiguration) {
        self.configuration = configuration
    }

    public func run() throws(RunFailure) -> RunOutcome {
        do {
            // A fault plan (tests) replaces the I/O layer for this run; otherwise the caller's stands.
            guard let plan = configuration.faultPlan else { return try perform() }
            return try FileIO.$current.withValue(FileIO.failing(plan)) { try perform() }
        } catch let failure as RunFailure {
            throw failure
        } catch let error as StoreError {
            throw RunFailure(error.exitStatus, error.description)
        } catch let error as FileSystemError {
            throw RunFailure(.cannotWrite, error.description)
        } catch let error as AtomicFileError {
            throw RunFailure(.cannotWrite, error.description)
        } catch let error as OutboxError {
            throw RunFailure(.cannotWrite, error.description)
        } catch {
            throw RunFailure(.internalError, "internal error: \(error)")
        }
    }

    private func perform() throws -> RunOutcome {
        let config = configuration
        var marks = PhaseMarks(config.phaseFinished)
        let (store, lock) = try StoreAccess.openLocked(config.state, dryRun: config.dryRun, wait: config.waitForLock) {
            config.afterLockAcquired?()
        }
        defer { lock?.release() }
        store.disk?.compressionJobs = config.jobs  // --jobs bounds the commit's compression threads too
        var state = try StoredState.load(from: store.store)
        // The run owns the loaded index and ledger: `state` lets go of them, so the first change
        // does not copy a million entries (copy-on-write).
        var index = state.index
        var ledger = state.ledger
        state.index = RecordIndex()
        state.ledger = Ledger()
        marks.finished("load")

        let scan: InboxScan
        do {
            scan = try InboxScanner(root: config.inbox, settleSeconds: config.settleSeconds, now: config.now).scan()
        } catch {
            throw RunFailure(.usage, "cannot scan inbox: \(error)")
        }
        let runID = RunID.make(asOf: config.asOf, mode: config.mode, parent: state.head, files: scan.files)

        // The night's records are packed as they are admitted (memory): a dry run stores nothing.
        let staging: (any RecordStaging)?
        if config.dryRun {
            staging = nil
        } else {
            try OutboxWriter(root: config.outbox, jobs: config.jobs).checkWritable()  // before the packing: I/O stays in one order
            staging = try store.store.beginStaging()
        }
        defer { staging?.abandon() }  // a run that stops before the packing's finish leaves no write behind it
        var ingestion = Ingestion(runID: runID, limits: config.limits, jobs: config.jobs)
        ingestion.progress = config.progress  // ops: progress line
        var ingest = ingestion.ingest(scan, index: &index, rejected: state.rejected, staging: staging) { index, pending in
            let tenants = (try? Self.tenantDirectory(index, ObjectReader(pending: pending, store: store.store))) ?? TenantDirectory(versions: [])
            return BankReportDecoding.decoder(limits: config.limits, tenants: tenants)
        }
        marks.finished("ingest")

        // Everything the run reads from the store or from the night's new objects is read now: then
        // the last records are packed on their own thread, beside the apply.
        var application = Application()
        let conflicts = ConflictListing.conflicts(ingest.conflicts, reader: ObjectReader(pending: ingest.newObjects, store: store.store),
                                                      newEvents: ingest.newEvents)
        let (tenants, counterparts) = try readInputs(index: index, ledger: &ledger, ingest: ingest, store: store.store,
                                                     runID: runID, application: &application)
        let crashPoint = config.crashPoint
        let packing = staging.map { staging in BackgroundWork { try staging.finish(crashHook: .kill(at: crashPoint)) } }
        defer { packing?.finish() }  // whatever happens, the packing ends before the lock is released
        try Self.applyNewEvents(of: &ingest, to: &ledger, tenants: tenants, runID: runID, application: &application)
        #if DEBUG
        ledger.checkInvariants()
        #endif
        marks.finished("apply")

        // The commit runs on its own thread, overlapping reconciliation and the statements, and has
        // the store to itself.
        // What the run computes after reconciling and stores beside the snapshots (the open items):
        // the commit thread waits for it before writing the root.
        let lateBlobs = Promise<[String: [UInt8]]>()
        let commit = packing.map { packing in
            startCommit(staged: packing, state: state, index: index, ledger: ledger, rejected: ingest.rejectedLog, runID: runID, lateBlobs: lateBlobs,
                        counts: RunCounts(ingest: ingest, application: application).dictionary,
                        inputs: ingest.ingested.map { RunInput(path: $0.file.relativePath, sha256: $0.sha256, size: $0.file.size) },
                        store: store.store)
        }
        // Nothing from here to the wait may throw: the commit must end before the lock is released.
        // Kept as the report lists it; the reconciliation itself is let go here.
        let reconciliation = Reconciliation.reconcile(
            ledger: ledger, platform: counterparts.platform, bankEntries: counterparts.bank, bankStatements: counterparts.statements,
            tenants: tenants, asOf: config.asOf, settlementDays: config.settlementDays)
        let context = StatementContext(reconciliation)
        var reconciled = ReportBuilder.Reconciled(reconciliation)
        let aged = OpenItemsStep.age(&reconciled.exceptions, previous: state.openItems ?? OpenItems(), asOf: config.asOf, runID: runID)
        marks.finished("reconcile")
        // A closed month's statements are never written again (issue 19).
        var statements = StatementBuilder.statements(ledger: ledger, tenants: tenants, context: context, closed: state.closedMonths)
            .filter { !state.closedMonths.isClosed($0.month) }
        var revisions = state.revisions
        revisions.update(&statements)
        lateBlobs.fulfill([OpenItems.blobName: aged.open.encoded(), StatementRevisions.blobName: revisions.encoded()])
        let scope = ChangedStatements.scope(ledger: ledger, index: index, statements: statements, closed: state.closedMonths, parent: state.root,
                                            outbox: OutboxWriter(root: config.outbox, jobs: config.jobs))
        marks.finished("statements")
        let rootID = try commit?.wait()
        marks.finished("commit")
        let report = ReportBuilder.report(runID: runID, config: config, root: rootID, parent: state.head, ingest: ingest,
                                          index: index, application: application, reconciled: reconciled, conflicts: conflicts,
                                          resolved: aged.resolved, previousOpenItemsKnown: state.openItems != nil,
                                          money: RunReport.Money(lines: ledger.lines, firstNewLine: ledger.changes.firstNewLine))
        // The report and statements are built: the records, index and ledger are freed while the
        // outbox is rendered (memory), on another thread (time).
        let bytesRead = ingest.bytesRead
        Discard.onAnotherThread((ingest, index, ledger))
        ingest = IngestResult()
        index = RecordIndex()
        ledger = Ledger()
        marks.finished("report")
        var published: OutboxWriteResult? = nil
        // A statement the outbox cannot name is skipped and reported, in a dry run as in a real one.
        let (writable, skipped) = try OutboxWriter.sortOut(statements)
        let shown = report.adding(exceptions: skipped.map(\.exception))
        if !config.dryRun {
            do {
                published = try OutboxWriter(root: config.outbox, jobs: config.jobs).write(report: shown, statements: writable, scope: scope)
            } catch {
                // The commit stands; say so, so nobody "fixes" the state by hand.
                throw RunFailure(.cannotWrite, "state committed at root \(rootID?.short ?? "-"), but the outbox could not be written: \(error); the next run rewrites every statement, this run's report folder stays incomplete")
            }
        }
        marks.finished("outbox")
        return RunOutcome(report: shown, statements: writable, published: published,
                          dryRun: config.dryRun, outbox: config.outbox, bytesRead: bytesRead, skipped: skipped)
    }

    /// The tenants, the FAILED events a `retry` re-attempts (applied here, before the new events),
    /// and the platform bookings and bank entries reconciliation compares the ledger with.
    private func readInputs(index: RecordIndex, ledger: inout Ledger, ingest: IngestResult, store: any StateStore, runID: String,
                            application: inout Application) throws -> (TenantDirectory, Counterparts) {
        let reader = ObjectReader(pending: ingest.newObjects, store: store)
        let tenants = try Self.tenantDirectory(index, reader)
        if configuration.mode == .retry {
            for failed in ledger.failedEvents {
                let key = RecordKey(kind: .event, tenantID: failed.tenantID, id: failed.eventID)
                guard let entry = index.entry(key) else { continue }
                let event = try ProviderEvent(canonical: try reader.json(entry.first))
                application.record(ledger.retry(event, tenants: tenants, runID: runID), event: event, retry: true)
            }
        }
        return (tenants, try Self.counterparts(index: index, reader: reader))
    }

    /// Applies the night's new events in `(created, id)` order (SPEC §4); `ingest` lets go of them.
    private static func applyNewEvents(of ingest: inout IngestResult, to ledger: inout Ledger, tenants: TenantDirectory, runID: String,
                                       application: inout Application) throws {
        if let key = ingest.unreadableEvents.first {
            throw RunFailure(.internalError, "internal error: new event \(key) cannot be read back from its canonical form")
        }
        let newEvents = ingest.newEvents
        ingest.newEvents = []
        ledger.reserveCapacity(forNewEvents: newEvents.count)
        for i in ProviderEvent.applicationOrder(of: newEvents) {
            application.record(ledger.apply(newEvents[i], tenants: tenants, runID: runID), event: newEvents[i], retry: false)
        }
    }

    /// Starts the commit on its own thread: the snapshots (whole or a delta) encode while the staged
    /// records are still being packed, then the root and the head are written.
    private func startCommit(staged: BackgroundWork<StagedRecords>, state: StoredState, index: RecordIndex, ledger: Ledger,
                             rejected: RejectedLog, runID: String, lateBlobs: Promise<[String: [UInt8]]>, counts: [String: Int64],
                             inputs: [RunInput], store: any StateStore) -> BackgroundWork<ObjectID> {
        let (parentRoot, head, crashPoint, time) = (state.root, state.head, configuration.crashPoint, configuration.asOf)
        return BackgroundWork {
            let records = try staged.wait()
            let snapshots = StoredState.snapshotBlobs(index: index, ledger: ledger, parent: parentRoot)
            let rejectedBlobs = StoredState.rejectedBlobs(rejected)
            let blobs = snapshots.written.merging(rejectedBlobs) { a, _ in a }.merging(lateBlobs.wait()) { _, late in late }
            var carried = snapshots.carried
            carried[ClosedMonths.blobName] = parentRoot?.blobs[ClosedMonths.blobName]  // closed months stay closed
            var transaction = StoreTransaction(parent: head, runID: runID, time: time, inputs: inputs, staged: records,
                                               blobs: blobs, carriedBlobs: carried, counts: counts)
            if !rejectedBlobs.isEmpty { transaction.minimumFormat = StoreFormat.rejectedRecords }
            return try store.commit(transaction, crashHook: .kill(at: crashPoint))
        }
    }

    /// Every version of every tenant the index knows.
    static func tenantDirectory(_ index: RecordIndex, _ reader: ObjectReader) throws -> TenantDirectory {
        var versions: [TenantVersion] = []
        for key in index.nonEventKeys where key.kind == .tenant {
            let entry = index.entry(key)!
            for version in entry.versions {
                versions.append(try TenantVersion(canonical: try reader.json(version.objectID), exportedAt: version.exportedAt))
            }
        }
        return TenantDirectory(versions: versions)
    }

    typealias Counterparts = (platform: [PlatformBooking], bank: [BankEntry], statements: [CamtStatement])

    /// The platform bookings (latest version of each), bank entries and bank statements
    /// reconciliation compares the ledger with, in key order.
    static func counterparts(index: RecordIndex, reader: ObjectReader) throws -> Counterparts {
        var platform: [PlatformBooking] = []
        var bank: [BankEntry] = []
        var statements: [CamtStatement] = []
        // Only bookings and bank records, in key order; the events, most of the keys, are not visited.
        for key in index.nonEventKeys.filter({ $0.kind == .booking || $0.kind == .bankEntry || $0.kind == .bankStatement }).sorted() {
            let entry = index.entry(key)!
            switch key.kind {
            case .booking:
                let latest = entry.versions.last!
                platform.append(try PlatformBooking(canonical: try reader.json(latest.objectID), exportedAt: latest.exportedAt))
            case .bankEntry:
                bank.append(try BankEntry(canonical: try reader.json(entry.first)))
            case .bankStatement:
                statements.append(try CamtStatement(canonical: try reader.json(entry.first)))
            default:
                continue
            }
        }
        return (platform, bank, statements)
    }
}
