#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The points of a run where a crash test stops the process dead (SIGKILL), in the order a run
/// reaches them. The command line reads one from `RECONCILE_CRASH_AT`.
package enum CrashPoint: String, CaseIterable, Sendable {
    /// The night's objects and index rows are written in the open transaction (the ledger not yet).
    case afterObjects = "after-objects"
    /// Every row and the run's row are written; the transaction is not committed.
    case beforeCommit = "before-commit"
    /// The transaction is committed; a first run's database, built beside the state, is not in
    /// the state's place yet (on a state that was there, this is the same as ``afterCommit``).
    case beforePublish = "before-publish"
    /// The transaction is committed (a first run's database is in place); the outbox is not
    /// written yet.
    case afterCommit = "after-commit"

    /// SIGKILLs this process when `planned` is this point.
    func killIfPlanned(_ planned: CrashPoint?) {
        guard planned == self else { return }
        #if canImport(Glibc)
            _ = Glibc.kill(getpid(), SIGKILL)
        #else
            _ = Darwin.kill(getpid(), SIGKILL)
        #endif
    }
}
