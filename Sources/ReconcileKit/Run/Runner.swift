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
        let store = try StoreAccess.open(config.state, dryRun: config.dryRun)
        let lock = try store.lock(wait: config.waitForLock)
        defer { lock?.release() }
        config.afterLockAcquired?()
        let state = try StoredState.load(from: store.store)
        marks.finished("load")

        let scan: InboxScan
        do {
            scan = try InboxScanner(root: config.inbox, settleSeconds: config.settleSeconds, now: config.now).scan()
        } catch {
            throw RunFailure(.usage, "cannot scan inbox: \(error)")
        }
        let runID = RunID.make(asOf: config.asOf, mode: config.mode, parent: state.head, files: scan.files)

        var index = state.index
        var ingestion = Ingestion(runID: runID, limits: config.limits, jobs: config.jobs)
        ingestion.progress = config.progress  // ops: progress line
        var ingest = ingestion.ingest(scan, index: &index) { index, pending in
            let tenants = (try? Self.tenantDirectory(index, ObjectReader(pending: pending, store: store.store))) ?? TenantDirectory(versions: [])
            return BankReportDecoding.decoder(limits: config.limits, tenants: tenants)
        }
        marks.finished("ingest")
        let reader = ObjectReader(pending: ingest.newObjects, store: store.store)
        let tenants = try Self.tenantDirectory(index, reader)

        var ledger = state.ledger
        var application = Application()
        if config.mode == .retry {
            for failed in ledger.failedEvents {
                let key = RecordKey(kind: .event, tenantID: failed.tenantID, id: failed.eventID)
                guard let entry = index.entry(key) else { continue }
                let event = try ProviderEvent(canonical: try reader.json(entry.first))
                application.record(ledger.retry(event, tenants: tenants, runID: runID), event: event, retry: true)
            }
        }
        do {
            var newEvents: [ProviderEvent] = []
            for i in ingest.admitted.indices {
                // The decoded trees are not needed after this: let them go with the applied events.
                defer { ingest.admitted[i].record.canonicalValue = nil }
                guard ingest.admitted[i].outcome == .new, ingest.admitted[i].record.key.kind == .event else { continue }
                newEvents.append(try ProviderEvent(canonical: try ingest.admitted[i].record.parsedCanonical()))
            }
            for event in ProviderEvent.sortedForApplication(newEvents) {
                application.record(ledger.apply(event, tenants: tenants, runID: runID), event: event, retry: false)
            }
        }
        #if DEBUG
        ledger.checkInvariants()
        #endif
        marks.finished("apply")

        let reconciliation = try Self.reconcile(ledger: ledger, index: index, reader: reader, tenants: tenants, config: config)
        marks.finished("reconcile")
        let statements = StatementBuilder.statements(ledger: ledger, tenants: tenants)
        marks.finished("statements")

        var rootID: ObjectID? = nil
        if !config.dryRun {
            try OutboxWriter(root: config.outbox).checkWritable()
            let transaction = StoreTransaction(
                parent: state.head, runID: runID, time: config.asOf,
                inputs: ingest.ingested.map { RunInput(path: $0.file.relativePath, sha256: $0.sha256, size: $0.file.size) },
                records: ingest.newObjectOrder.map { StoreObject(id: $0, bytes: ingest.newObjects[$0]!) },
                blobs: [StoredState.indexBlob: try StoredState.encode(index), StoredState.ledgerBlob: try StoredState.encode(ledger)],
                counts: RunCounts(ingest: ingest, application: application).dictionary
            )
            rootID = try store.store.commit(transaction, crashHook: .kill(at: config.crashPoint))
            marks.finished("commit")
        }
        let report = ReportBuilder.report(runID: runID, config: config, root: rootID, parent: state.head, ingest: ingest,
                                          index: index, application: application, reconciliation: reconciliation)
        // The report and statements are built: free the records, index and ledger before the outbox is rendered (memory).
        let bytesRead = ingest.bytesRead
        ingest = IngestResult()
        index = RecordIndex()
        ledger = Ledger()
        marks.finished("report")
        var published: OutboxWriteResult? = nil
        if !config.dryRun {
            do {
                published = try OutboxWriter(root: config.outbox).write(report: report, statements: statements)
            } catch {
                // The commit stands; say so, so nobody "fixes" the state by hand.
                throw RunFailure(.cannotWrite, "state committed at root \(rootID?.short ?? "-"), but the outbox could not be written: \(error); the next run rewrites every statement, this run's report folder stays incomplete")
            }
        }
        marks.finished("outbox")
        return RunOutcome(report: report, statements: statements, published: published, dryRun: config.dryRun, outbox: config.outbox,
                          bytesRead: bytesRead)
    }

    /// Every version of every tenant the index knows.
    static func tenantDirectory(_ index: RecordIndex, _ reader: ObjectReader) throws -> TenantDirectory {
        var versions: [TenantVersion] = []
        for key in index.keys where key.kind == .tenant {
            let entry = index.entry(key)!
            for version in entry.versions {
                versions.append(try TenantVersion(canonical: try reader.json(version.objectID), exportedAt: version.exportedAt))
            }
        }
        return TenantDirectory(versions: versions)
    }

    static func reconcile(ledger: Ledger, index: RecordIndex, reader: ObjectReader, tenants: TenantDirectory,
                          config: RunConfiguration) throws -> ReconciliationResult {
        var platform: [PlatformBooking] = []
        var bank: [BankEntry] = []
        // Only bookings and bank entries, in key order; the events, most of the keys, need no sort.
        let entries = index.entries.filter { $0.key.kind == .booking || $0.key.kind == .bankEntry }.sorted { $0.key < $1.key }
        for (key, entry) in entries {
            switch key.kind {
            case .booking:
                let latest = entry.versions.last!
                platform.append(try PlatformBooking(canonical: try reader.json(latest.objectID), exportedAt: latest.exportedAt))
            case .bankEntry:
                bank.append(try BankEntry(canonical: try reader.json(entry.first)))
            default:
                continue
            }
        }
        return Reconciliation.reconcile(ledger: ledger, platform: platform, bankEntries: bank, tenants: tenants,
                                    asOf: config.asOf, settlementDays: config.settlementDays)
    }
}
