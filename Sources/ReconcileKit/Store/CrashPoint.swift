#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The points of a commit where a test can stop the process, in the order a commit reaches them.
/// The integrator reads one from the `RECONCILE_CRASH_AT` environment variable.
public enum CrashPoint: String, CaseIterable, Sendable {
    /// The run's pack files are written and fsynced (no index yet).
    case afterPack = "after-pack"
    /// The pack indexes are written: every record object is stored and findable.
    case afterObjects = "after-objects"
    /// The named blobs (index, ledger, …) are written.
    case afterIndex = "after-index"
    /// The new root object is written and fsynced.
    case afterRoot = "after-root"
    /// The new head is in a fsynced temporary file, not yet renamed over `HEAD`.
    case beforeHead = "before-head"
    /// `HEAD` names the new root and the folder is fsynced: the commit is done.
    case afterHead = "after-head"
}

/// Called by a commit at every ``CrashPoint`` it reaches, in order. The default does nothing;
/// ``kill(at:)`` sends the process SIGKILL at one point (a real stop dead, for end-to-end crash
/// tests); unit tests record the points or throw ``StoreError/stopped(at:)`` to simulate a stop.
public struct CrashHook {
    let body: (CrashPoint) throws(StoreError) -> Void

    public init(_ body: @escaping (CrashPoint) throws(StoreError) -> Void) {
        self.body = body
    }

    public static var none: CrashHook { CrashHook { _ in } }

    /// SIGKILLs this process when the commit reaches `point`; nil means never.
    public static func kill(at point: CrashPoint?) -> CrashHook {
        CrashHook { reached in
            if reached == point { _ = Self.sendKill() }
        }
    }

    /// Throws ``StoreError/stopped(at:)`` when the commit reaches `point`: the commit ends there as
    /// if killed, leaving what it already wrote on disk.
    public static func stop(at point: CrashPoint) -> CrashHook {
        CrashHook { reached throws(StoreError) in
            if reached == point { throw .stopped(at: reached) }
        }
    }

    private static func sendKill() -> Int32 {
        #if canImport(Glibc)
        Glibc.kill(getpid(), SIGKILL)
        #else
        Darwin.kill(getpid(), SIGKILL)
        #endif
    }
}
