import ArgumentParser
import Logging
import ReconcileKit

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan the inbox, apply new records, write reports and statements.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var options: RunOptions

    func run() throws {
        try perform(.run, store: store, options: options)
    }
}

struct Retry: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-attempt FAILED events (after a missing tenant export arrived, say), then run as usual.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var options: RunOptions

    func run() throws {
        try perform(.retry, store: store, options: options)
    }
}

func perform(_ mode: RunMode, store: StoreOptions, options: RunOptions) throws {
    let start = Clock.monotonicNanoseconds()
    let logger = StderrLog.make(level: store.logLevel)
    var configuration = try options.configuration(store: store, mode: mode)

    // Lock: log how long another run kept us waiting (only --wait ever waits).
    let pause = configuration.afterLockAcquired
    configuration.afterLockAcquired = {
        // A worker takes the lock only for the finish, after decoding: no wait to tell.
        if options.worker {
            logger.debug("state lock acquired for the finish", metadata: ["state": "\(store.place)"])
            return pause?() ?? ()
        }
        let waited = (Clock.monotonicNanoseconds() &- start) / 1_000_000
        logger.debug("state lock acquired", metadata: ["state": "\(store.place)", "waitedMs": "\(waited)"])
        if waited >= 1000 { logger.info("waited \(waited / 1000) s for the state lock of '\(store.place)'") }
        pause?()
    }
    configuration.phaseFinished = { phase, seconds, residentMiB, peakMiB in
        logger.debug(
            "phase finished",
            metadata: [
                "phase": "\(phase)", "seconds": "\((seconds * 1000).rounded() / 1000)", "rssMiB": "\(residentMiB)",
                "peakMiB": "\(peakMiB)",
            ])
    }
    configuration.statementsTimed = { busiest in
        for entry in busiest {
            logger.debug(
                "statement time",
                metadata: [
                    "statement": "\(entry.name)", "seconds": "\((entry.seconds * 1000).rounded() / 1000)",
                    "calls": "\(entry.calls)", "rows": "\(entry.rows)", "steps": "\(entry.steps)",
                ])
        }
    }
    var ticker: ProgressTicker? = nil
    if ProgressTicker.stderrIsTerminal && !store.quiet && !store.json {
        let progress = RunProgress()
        configuration.progress = progress
        ticker = ProgressTicker(progress: progress, start: start)
    }

    let result: Result<RunOutcome, RunFailure>
    var worker: NightWorker.Outcome? = nil
    do {
        if options.worker {
            let nightWorker = NightWorker(
                configuration: configuration, night: options.night, leaseSeconds: options.lease)
            let night = nightWorker.night
            let outcome = try nightWorker.run()
            worker = outcome
            for note in outcome.notes { logger.log(level: StderrLog.level(note.level), "\(note.message)") }
            switch outcome.part {
            case .finished(let run):
                result = .success(run)
            case .joined(let runID, let status):
                // Another worker ran the night: its exit code is this worker's.
                ticker?.stop()
                if !store.quiet {
                    Console.out(
                        "night '\(night)' committed as run \(runID) by another worker; this worker decoded \(outcome.filesDecoded) file(s)"
                    )
                }
                try writeMetrics(options, nil, worker: outcome, status: status, start: start, logger: logger)
                throw ExitCode(status.rawValue)
            }
        } else {
            result = .success(try Runner(configuration: configuration).run())
        }
    } catch let error as RunFailure {
        result = .failure(error)
    }
    ticker?.stop()
    let durationMs = Int64((Clock.monotonicNanoseconds() &- start) / 1_000_000)
    let outcome = try? result.get()
    let exitStatus: ExitStatus
    switch result {
    case .success(let o): exitStatus = o.exitStatus
    case .failure(let failure): exitStatus = failure.exitStatus
    }

    try writeMetrics(options, outcome, worker: worker, status: exitStatus, start: start, logger: logger)

    guard let outcome else {
        if case .failure(let failure) = result { Console.error(failure.description) }
        throw ExitCode(exitStatus.rawValue)
    }
    for note in outcome.notes { logger.log(level: StderrLog.level(note.level), "\(note.message)") }
    logger.debug("run finished", metadata: ["durationMs": "\(durationMs)", "bytesRead": "\(outcome.bytesRead)"])
    if store.json {
        Console.out(outcome.summaryJSON(durationMs: durationMs))
    } else if !store.quiet && (Console.stdoutIsTerminal || outcome.exitStatus != .clean) {
        // Quiet on success when a scheduler runs it (cron mails any output); a summary on a terminal
        // or when something needs attention.
        Console.out(outcome.summaryText)
    }
    throw ExitCode(outcome.exitStatus.rawValue)
}

/// The run's (and a worker's) figures to `--metrics-file`, if given.
private func writeMetrics(
    _ options: RunOptions, _ outcome: RunOutcome?, worker: NightWorker.Outcome?, status exitStatus: ExitStatus,
    start: UInt64, logger: Logger
) throws {
    guard let path = options.metricsFile else { return }
    let finishedAt = Clock.now()
    // A worker whose night another worker committed succeeded now, though it committed nothing.
    var joinedCommittedNight = false
    if case .joined = worker?.part { joinedCommittedNight = true }
    let status = MetricsFile.RunStatus(
        exitStatus: exitStatus, finishedAt: finishedAt,
        durationMs: Int64((Clock.monotonicNanoseconds() &- start) / 1_000_000),
        previousSuccess: joinedCommittedNight ? finishedAt : MetricsFile.previousSuccess(atPath: path))
    do {
        var file = MetricsFile(outcome: outcome, status: status)
        if let worker { file = file.adding(worker: worker) }
        try file.write(to: path)
    } catch {
        // The run's own result stands; a monitoring file that cannot be written is logged, not fatal.
        logger.error("cannot write metrics file: \(error)")
    }
}
