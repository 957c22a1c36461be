import ArgumentParser
import Logging
import ReconcileKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the state store lives, shared by every subcommand.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("state"),
        help: ArgumentHelp(
            "The state: a folder holding state.sqlite, or a PostgreSQL URL (postgresql://user@host/db). Default: $RECONCILE_STATE, else ./.reconcile.",
            valueName: "folder-or-url"))
    var stateArgument: String?

    /// `--state`, else `RECONCILE_STATE` (SPEC §7), else `./.reconcile`. A URL may hold a password:
    /// print ``place``, never this.
    var state: String {
        if let stateArgument { return stateArgument }
        if let environment = getenv("RECONCILE_STATE"), environment.pointee != 0 { return String(cString: environment) }
        return "./.reconcile"
    }

    /// The state for messages and logs: a folder as given, a URL without its credentials.
    var place: String { StatePlace.describing(state) }

    @Flag(help: "Wait for another run's lock instead of exiting with 75.")
    var wait = false

    @Flag(help: "Print a machine-readable summary on stdout.")
    var json = false

    @Flag(
        help:
            "Print no summary on stdout (problems are still logged on stderr). Without it, run prints its summary only on a terminal or when something needs attention."
    )
    var quiet = false

    @Option(
        help: ArgumentHelp(
            "Log level on stderr, one line per event. At warning a clean run logs nothing; info adds the commit, deferred files and lock waits.",
            valueName: "level"))
    var logLevel: Logger.Level = .warning
}

/// The options of commands that read the inbox and write the outbox.
struct RunOptions: ParsableArguments {
    @Option(help: "The inbox folder to scan.")
    var inbox: String = "./inbox"

    @Option(help: "The outbox folder for reports and statements.")
    var outbox: String = "./outbox"

    @Option(help: "The report time, RFC 3339 (default: now). Same state and same --as-of give byte-identical outputs.")
    var asOf: String?

    @Option(help: "Defer files modified less than this many seconds ago.")
    var settle: Int64 = 2

    @Option(help: "Days after payment before a booking without a bank settlement is reported unsettled.")
    var settlementDays: Int = 7

    @Flag(help: "Compute and print, commit nothing, write no outbox.")
    var dryRun = false

    @Option(
        help:
            "Threads for decoding and for rendering the outbox (default: the number of cores); the result does not depend on it."
    )
    var jobs: Int?

    @Option(
        help: ArgumentHelp(
            "Write the run's figures here in Prometheus text format, atomically (for node_exporter's textfile collector), whatever the outcome.",
            valueName: "path"))
    var metricsFile: String?

    @Flag(
        help:
            "Join the night's workers on a PostgreSQL state: claim inbox files with a lease, decode them, and the last to finish runs the night (docs/operations.md)."
    )
    var worker = false

    @Option(
        help: ArgumentHelp(
            "With --worker: the night's name, the same on every worker (default: the --as-of date, UTC).",
            valueName: "name"))
    var night: String?

    @Option(help: "With --worker: seconds a claim holds without a heartbeat (renewed every third of it).")
    var lease: Double = 60
}

extension RunOptions {
    func configuration(store: StoreOptions, mode: RunMode) throws -> RunConfiguration {
        let now = Clock.now()
        let asOfSeconds = try parseAsOf(asOf, now: now)
        guard settle >= 0 else { throw ValidationError("--settle must not be negative") }
        guard settlementDays >= 0 else { throw ValidationError("--settlement-days must not be negative") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        guard lease > 0 else { throw ValidationError("--lease must be positive") }
        if !worker, night != nil { throw ValidationError("--night needs --worker") }
        var configuration = RunConfiguration(
            inbox: inbox, outbox: outbox, state: store.state, mode: mode,
            asOf: asOfSeconds, now: now, settleSeconds: settle, settlementDays: settlementDays,
            dryRun: dryRun, waitForLock: store.wait, jobs: jobs ?? Clock.cores()
        )
        #if RECONCILE_TEST_HOOKS
            configuration.crashPoint = try CrashPoint.fromEnvironment()
            configuration.afterLockAcquired = LockPause.fromEnvironment()
            configuration.faultPlan = try FaultPlan.fromEnvironment()
        #endif
        return configuration
    }
}

/// `--as-of`: an RFC 3339 time, or `now` when not given.
func parseAsOf(_ asOf: String?, now: Int64) throws -> Int64 {
    guard let asOf else { return now }
    guard let parsed = Timestamp.parse(asOf) else {
        throw ValidationError("--as-of must be an RFC 3339 time such as 2026-11-01T00:00:00Z")
    }
    return parsed
}

/// `--month`: `YYYY-MM` with a month 01–12.
func validateMonth(_ month: String) throws {
    let parts = month.split(separator: "-")
    guard month.count == 7, parts.count == 2, let m = Int(parts[1]), (1...12).contains(m), Int(parts[0]) != nil else {
        throw ValidationError("--month must be YYYY-MM")
    }
}
