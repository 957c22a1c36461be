#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One of N `reconcile run --worker` processes that share a night on one PostgreSQL state (SPEC
/// §9). The database coordinates them through plain rows (``NightClaims``), with no advisory lock
/// among them:
///
/// 1. The first worker creates the night and lists the inbox into it, each file with its scan
///    order; the others read that listing.
/// 2. Each worker claims files, largest first, with a lease and a fencing token, reads, hashes and
///    decodes them, and stores the result in the claim, in a write that checks its token.
/// 3. The worker whose claim finds every file done takes the finish, and runs the ordinary night
///    (``Runner``) over the stored listing and results: dedup in scan order, apply in
///    `(created, id)` order, reconciliation, statements, report, all in one transaction that also
///    marks the night committed, if its finish token still holds. So the state and the outbox are
///    those of one process, and a finisher killed midway has committed nothing.
/// 4. The others wait for the commit, taking the finish over if the finisher's lease ends, and
///    exit with the night's exit code.
package struct NightWorker {
    let configuration: RunConfiguration
    package let night: String
    let leaseMs: Int64
    let name: String

    /// `night`: the name all workers of one night share (nil: the `--as-of` date in UTC).
    /// `leaseSeconds`: how long a claim holds without a heartbeat (renewed every third of it).
    package init(configuration: RunConfiguration, night: String?, leaseSeconds: Double) {
        self.configuration = configuration
        self.night = night ?? CalendarDate(unixSeconds: configuration.asOf).description
        self.leaseMs = max(1, Int64(leaseSeconds * 1000))
        let me = LockHolder.current()
        self.name = "\(me.host)/\(me.pid)"
    }

    /// What this worker did, and the night's result.
    package struct Outcome: Sendable {
        package enum Part: Sendable {
            /// This worker ran the finish: the night's run, as a single process reports it.
            case finished(RunOutcome)
            /// Another worker ran it; the night's run id and exit code.
            case joined(runID: String, exitStatus: ExitStatus)
        }

        package let part: Part
        package let worker: String
        package internal(set) var filesDecoded = 0
        package internal(set) var bytesDecoded: Int64 = 0
        /// What went wrong around this worker without costing the night: leases it could not renew,
        /// stored results the finisher read again from the inbox.
        package internal(set) var notes: [RunNote] = []

        package var exitStatus: ExitStatus {
            switch part {
            case .finished(let outcome): outcome.exitStatus
            case .joined(_, let status): status
            }
        }
    }

    package func run() throws(RunFailure) -> Outcome {
        do { return try perform() } catch { throw RunFailure(error) }
    }

    /// How long a worker waits before it looks again at files others hold or a finish another
    /// runs: a quarter of the lease, at most a second.
    private var pollMicroseconds: UInt32 { UInt32(min(max(leaseMs / 4, 10), 1000) * 1000) }

    private func perform() throws -> Outcome {
        let config = configuration
        var marks = PhaseMarks(config.phaseFinished)
        guard StateAccess.isPostgreSQL(config.state) else {
            throw RunFailure(
                .usage, "--worker needs a PostgreSQL state (--state postgresql://…): the workers share one database")
        }
        guard !config.dryRun else { throw RunFailure(.usage, "--worker cannot be combined with --dry-run") }
        if !config.dryRun { try OutboxWriter(root: config.outbox, jobs: config.jobs).checkWritable() }
        guard let readRoot = realPath(config.inbox) else {
            throw RunFailure(.usage, "cannot scan inbox: '\(config.inbox)' does not exist")
        }
        let connection = try PostgreSQLConnection(conninfo: config.state)
        try connection.execute(script: "SET application_name = 'reconcile worker \(name)'", name: "name the session")
        let db = try StateAccess.workerDatabase(connection)
        let claims = NightClaims(connection: connection, night: night)
        var row = try claims.load()
        if row == nil {
            let scan: InboxScan
            do {
                scan = try InboxScanner(root: config.inbox, settleSeconds: config.settleSeconds, now: config.now).scan()
            } catch {
                throw RunFailure(error) { "cannot scan inbox: \($0)" }
            }
            _ = try claims.create(config, scan: scan, readRoot: readRoot)
            row = try claims.load()
        }
        guard var current = row else { throw RunFailure(.internalError, "internal error: the night's row is gone") }
        var (filesDecoded, bytesDecoded): (Int, Int64) = (0, 0)
        if let done = Self.committed(current) { return Outcome(part: done, worker: name) }
        try claims.join(worker: name)
        let heartbeat = try Heartbeat(
            conninfo: config.state, night: night, worker: name, leaseMs: leaseMs)
        defer { heartbeat.stop() }

        let decoder = ContentDecoder(limits: config.limits)
        let ingested = Set(try db.files.all().keys)
        let files = try claims.listing(readRoot: readRoot)
        marks.finished("worker join")
        var decoding = true
        while true {
            let batch = try claims.claimFiles(max(config.jobs, 1), worker: name, leaseMs: leaseMs)
            if !batch.isEmpty {
                heartbeat.hold(batch.map(\.claim))
                let stamps = try db.fileStamps.lookup(batch.map { files[$0.file].relativePath })
                #if RECONCILE_TEST_HOOKS
                    WorkerPause.at(.claimed)
                #endif
                let results = Self.decode(
                    batch.map { files[$0.file] }, decoder: decoder, stamps: stamps, ingested: ingested,
                    jobs: config.jobs)
                for (i, item) in batch.enumerated() {
                    let file = files[item.file]
                    guard
                        try claims.finish(
                            item.claim, result: StagedFile.encode(results[i]), bytes: file.size, worker: name)
                    else {
                        throw RunFailure(
                            .locked,
                            "worker \(name) lost its claim on '\(file.relativePath)': its lease ended and another worker took the file over; nothing this worker decoded is used"
                                + Self.because(heartbeat))
                    }
                    filesDecoded += 1
                    bytesDecoded += file.size
                }
                heartbeat.release(batch.map(\.claim))
                continue
            }
            let unfinished = try claims.unfinished()
            if unfinished.claimable > 0 { continue }
            if decoding {
                decoding = false
                marks.finished("worker decode")
                try claims.setRole("waiting", worker: name)
            }
            if unfinished.leased == 0 {
                #if RECONCILE_TEST_HOOKS
                    WorkerPause.at(.finish)
                #endif
                if let token = try claims.claimFinish(worker: name, leaseMs: leaseMs) {
                    marks.finished("worker wait")
                    try claims.setRole("finishing", worker: name)
                    heartbeat.finishing(token)
                    #if RECONCILE_TEST_HOOKS
                        WorkerPause.at(.finishing)
                    #endif
                    current = try claims.load() ?? current
                    let (finished, notes) = try finish(current, token: token, files: files, heartbeat: heartbeat)
                    try claims.setRole("finished", worker: name)
                    return Outcome(
                        part: .finished(finished), worker: name, filesDecoded: filesDecoded,
                        bytesDecoded: bytesDecoded, notes: notes + heartbeat.notes)
                }
                current = try claims.load() ?? current
                if let done = Self.committed(current) {
                    marks.finished("worker wait")
                    try claims.setRole("done", worker: name)
                    return Outcome(
                        part: done, worker: name, filesDecoded: filesDecoded,
                        bytesDecoded: bytesDecoded, notes: heartbeat.notes)
                }
            }
            usleep(pollMicroseconds)
        }
    }

    private static func committed(_ night: NightClaims.Night) -> Outcome.Part? {
        guard night.phase == .committed else { return nil }
        return .joined(
            runID: night.runID ?? "", exitStatus: night.exitCode.flatMap(ExitStatus.init(rawValue:)) ?? .clean)
    }

    /// The claimed files read, hashed and decoded as a single process would (``Ingestion/read``),
    /// `jobs` at a time.
    private static func decode(
        _ files: [InboxFile], decoder: ContentDecoder, stamps: [String: FileStampTable.Entry],
        ingested: Set<ObjectID>, jobs: Int
    ) -> [Ingestion.FileResult] {
        var results: [Ingestion.FileResult?] = Array(repeating: nil, count: files.count)
        OrderedPipeline.run(files, jobs: jobs, window: jobs) { file -> Ingestion.FileResult in
            if Ingestion.unchanged(file, stamps: stamps, ingested: ingested.contains) { return .seen(sha: nil) }
            return Ingestion.read(file, decoder: decoder, ingested: { ingested.contains($0) })
        } consume: { i, result in
            results[i] = result
        }
        return results.map { $0! }
    }

    /// Why a lease may have ended: the heartbeat's last failure, if it failed.
    private static func because(_ heartbeat: Heartbeat) -> String {
        heartbeat.lastFailure.map { " (the heartbeat could not renew the lease: \($0))" } ?? ""
    }

    /// The night's run over the stored listing and decoded files, committed with the night's row;
    /// with a warning for each file the run read from the inbox because its stored result was unusable.
    private func finish(
        _ night: NightClaims.Night, token: Int64, files: [InboxFile], heartbeat: Heartbeat
    ) throws -> (RunOutcome, [RunNote]) {
        var run = configuration
        run.asOf = night.asOf
        run.mode = night.mode
        run.settleSeconds = night.settleSeconds
        run.settlementDays = night.settlementDays
        run.waitForLock = true
        let reader = try StagedReader(conninfo: configuration.state, night: self.night, files: files)
        let name = self.night
        run.workerNight = WorkerNightInput(
            scan: InboxScan(files: files, skipped: night.skipped, scannedAt: night.scannedAt),
            staged: { reader.result(for: $0) },
            beforeCommit: { connection, runID, status in
                guard
                    try NightClaims(connection: connection, night: name).commit(
                        finishToken: token, runID: runID, exitCode: status.rawValue)
                else {
                    throw RunFailure(
                        .locked,
                        "the finish of night '\(name)' was taken over by another worker (this worker's lease ended): nothing was committed"
                            + Self.because(heartbeat))
                }
            })
        let outcome = try Runner(configuration: run).run()
        return (outcome, reader.notes)
    }
}

/// What the night's run reads in place of the inbox when a worker finishes a night
/// (``NightWorker``): the stored listing, and each file as a worker decoded it.
struct WorkerNightInput: Sendable {
    let scan: InboxScan
    let staged: @Sendable (InboxFile) -> Ingestion.FileResult?
    /// Called in the run's transaction just before it commits, with its run id and exit status:
    /// it throws to refuse the commit.
    let beforeCommit: @Sendable (any DatabaseConnection, String, ExitStatus) throws -> Void
}
