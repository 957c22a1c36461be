import Dispatch
import Foundation
import Synchronization

/// Renews a worker's leases every third of the lease, on a connection and a thread of its own,
/// while the worker reads, decodes or finishes: a long file or a long finish keeps its claim. A
/// worker that is killed or frozen stops renewing with it, and its leases end.
///
/// A renewal that fails (the connection cut, the server restarting) is counted and the connection
/// opened again at the next beat. Meanwhile the leases may end and others take the claims over:
/// the worker's own writes are then refused by their tokens, and its error says why
/// (``lastFailure``).
final class Heartbeat: Sendable {
    private struct Held {
        var claims: Set<NightClaims.Claim> = []
        var finish: Int64?
    }

    private struct Failures {
        var count = 0
        var last: String?
    }

    private let held = Mutex(Held())
    private let failures = Mutex(Failures())
    /// Signalled once, to stop the thread.
    private let stopping = DispatchSemaphore(value: 0)
    /// Signalled by the thread as it ends.
    private let stopped = DispatchSemaphore(value: 0)

    init(conninfo: String, night: String, worker: String, leaseMs: Int64) throws {
        let first = try Self.connect(conninfo, night: night, worker: worker)
        let interval = DispatchTimeInterval.milliseconds(Int(max(leaseMs / 3, 1)))
        Thread.detachNewThread { [self] in
            var claims: UncheckedNightClaims? = first
            while stopping.wait(timeout: .now() + interval) == .timedOut {
                let (files, finish) = held.withLock { (Array($0.claims), $0.finish) }
                do {
                    if claims == nil { claims = try Self.connect(conninfo, night: night, worker: worker) }
                    // A claim lost meanwhile needs nothing here: the worker's own write of it is refused.
                    _ = try claims?.value.renew(files, finish: finish, worker: worker, leaseMs: leaseMs)
                } catch {
                    claims = nil
                    failures.withLock {
                        $0.count += 1
                        $0.last = "\(error)"
                    }
                }
            }
            stopped.signal()
        }
    }

    /// The heartbeat's own session, named so `pg_stat_activity` tells it from the worker's.
    private static func connect(_ conninfo: String, night: String, worker: String) throws -> UncheckedNightClaims {
        let connection = try PostgreSQLConnection(conninfo: conninfo)
        try connection.execute(
            script: "SET application_name = 'reconcile heartbeat \(worker)'", name: "name the session")
        return UncheckedNightClaims(NightClaims(connection: connection, night: night))
    }

    func hold(_ claims: [NightClaims.Claim]) { held.withLock { $0.claims.formUnion(claims) } }
    func release(_ claims: [NightClaims.Claim]) { held.withLock { $0.claims.subtract(claims) } }
    func finishing(_ token: Int64) { held.withLock { $0.finish = token } }

    /// The last renewal's error, if any renewal failed.
    var lastFailure: String? { failures.withLock { $0.last } }

    /// A warning when renewals failed: the worker's leases went unrenewed for a while.
    var notes: [RunNote] {
        failures.withLock { failures in
            guard failures.count > 0, let last = failures.last else { return [] }
            return [
                RunNote(
                    level: .warning,
                    message:
                        "the heartbeat could not renew this worker's leases \(failures.count) time(s), the last: \(last)"
                )
            ]
        }
    }

    /// Stops the thread and waits for it to end (its connection closes with it).
    func stop() {
        stopping.signal()
        stopped.wait()
    }
}
