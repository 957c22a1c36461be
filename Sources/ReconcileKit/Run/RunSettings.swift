import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `run` applies new events; `retry` first re-attempts FAILED ones.
package enum RunMode: String, Sendable {
    case run
    case retry
}

/// Everything a run needs, decided by the command line; nothing is read from globals deeper down.
package struct RunConfiguration: Sendable {
    var inbox: String
    var outbox: String
    var state: String
    var mode: RunMode
    /// The report time (`--as-of`), unix seconds.
    var asOf: Int64
    /// The wall clock, for the settle check only.
    var now: Int64
    var settleSeconds: Int64
    var settlementDays: Int
    var dryRun: Bool
    var waitForLock: Bool
    var jobs: Int
    /// Test builds: the commit step where the run kills itself (`RECONCILE_CRASH_AT`).
    package var crashPoint: CrashPoint?
    var limits: Limits = .standard
    /// How many keys besides the tenants' the night's index holds before it is written early and
    /// dropped (``NightState/spillIfFull(_:runID:)``); tests make it small to prove the result is
    /// the same.
    var indexKeysHeld: Int = NightState.spillKeys
    /// How many new events are applied at once, each chunk on the ledger its events touch as the
    /// chunks before left it in the database; tests make it small to prove the result is the same.
    /// A chunk's events are read back and parsed whole, so the chunk bounds a cold load's memory.
    var eventsPerChunk: Int = 16_384
    /// Called once the store's lock is held: concurrency tests pause a run here (see ``LockPause``).
    package var afterLockAcquired: (@Sendable () -> Void)?
    /// Live counters for a progress line (files, bytes, records read so far); nil: not counted.
    package var progress: RunProgress?
    /// A night the workers listed and decoded (``NightWorker``), read instead of the inbox.
    var workerNight: WorkerNightInput?
    #if RECONCILE_TEST_HOOKS
        /// Test builds: writes, fsyncs or renames to fail (`RECONCILE_TEST_FAIL`); the run binds it
        /// as ``FileIO/current``.
        package var faultPlan: FaultPlan?
    #endif
    /// Told each phase's name, wall time in seconds, resident memory and the peak so far in MiB as it ends (the CLI
    /// logs them at debug level).
    package var phaseFinished:
        (@Sendable (_ phase: String, _ seconds: Double, _ residentMiB: Int, _ peakMiB: Int) -> Void)?
    /// Told, as the run ends (committed or not), the statements that took longest on the state's
    /// connection, longest first (the CLI logs them at debug level).
    package var statementsTimed: (@Sendable (_ busiest: [StatementTimings.Entry]) -> Void)?

    package init(
        inbox: String, outbox: String, state: String, mode: RunMode = .run, asOf: Int64, now: Int64,
        settleSeconds: Int64 = 2, settlementDays: Int = 7, dryRun: Bool = false, waitForLock: Bool = false,
        jobs: Int = 1, crashPoint: CrashPoint? = nil
    ) {
        self.inbox = inbox
        self.outbox = outbox
        self.state = state
        self.mode = mode
        self.asOf = asOf
        self.now = now
        self.settleSeconds = settleSeconds
        self.settlementDays = settlementDays
        self.dryRun = dryRun
        self.waitForLock = waitForLock
        self.jobs = jobs
        self.crashPoint = crashPoint
    }
}

/// The one place the command line reads the machine's clock and core count.
package enum Clock {
    package static func now() -> Int64 { Int64(time(nil)) }
    package static func cores() -> Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
    /// A monotonic clock in nanoseconds, for durations (never for report times).
    package static func monotonicNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }
}

#if RECONCILE_TEST_HOOKS
    extension CrashPoint {
        /// Test builds stop a run dead at a commit step named by `RECONCILE_CRASH_AT`.
        package static func fromEnvironment() throws(RunFailure) -> CrashPoint? {
            guard let raw = getenv("RECONCILE_CRASH_AT") else { return nil }
            let name = String(cString: raw)
            guard let point = CrashPoint(rawValue: name) else {
                throw RunFailure(
                    .usage,
                    "RECONCILE_CRASH_AT must be one of \(CrashPoint.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return point
        }
    }

    /// A deterministic pause for lock tests: with `RECONCILE_TEST_LOCK_PAUSE=<folder>` holding two
    /// FIFOs, a run that holds the lock writes a line to `<folder>/locked`, then blocks reading
    /// `<folder>/release` until the test lets it go. No sleeps, no timing.
    package enum LockPause {
        package static func fromEnvironment() -> (@Sendable () -> Void)? {
            guard let raw = getenv("RECONCILE_TEST_LOCK_PAUSE") else { return nil }
            let folder = String(cString: raw)
            return { pause(signalling: folder + "/locked", with: "locked", until: folder + "/release") }
        }
    }

    /// A deterministic pause for worker tests: with `RECONCILE_TEST_WORKER_PAUSE=<point>:<folder>`,
    /// a worker that reaches `point` (the first time) writes a line to `<folder>/paused`, then
    /// blocks reading `<folder>/release`.
    enum WorkerPause: String {
        /// Holding its first claimed files, before reading them.
        case claimed
        /// Every file done, just before it claims the finish.
        case finish
        /// Holding the finish, before the night's run starts.
        case finishing

        private static let reached = Mutex(Set<String>())

        static func at(_ point: WorkerPause) {
            guard let raw = getenv("RECONCILE_TEST_WORKER_PAUSE") else { return }
            let setting = String(cString: raw)
            guard setting.hasPrefix(point.rawValue + ":"),
                reached.withLock({ $0.insert(point.rawValue).inserted })
            else { return }
            let folder = String(setting.dropFirst(point.rawValue.count + 1))
            pause(signalling: folder + "/paused", with: "paused", until: folder + "/release")
        }
    }

    /// Writes `word` and a line end to the FIFO `signal`, then blocks until a byte arrives on the
    /// FIFO `release`.
    private func pause(signalling signal: String, with word: String, until release: String) {
        let out = open(signal, O_WRONLY)
        if out >= 0 {
            let line = Array((word + "\n").utf8)
            _ = write(out, line, line.count)
            close(out)
        }
        let input = open(release, O_RDONLY)
        if input >= 0 {
            var byte: UInt8 = 0
            _ = read(input, &byte, 1)
            close(input)
        }
    }
#endif
