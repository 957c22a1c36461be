import Dispatch
import Foundation
import Synchronization

/// Renews a worker's leases every third of the lease, on a connection and a thread of its own,
/// while the worker reads, decodes or finishes: a long file or a long finish keeps its claim. A
/// worker that is killed or frozen stops renewing with it, and its leases end.
final class Heartbeat: Sendable {
    private struct Held {
        var claims: Set<NightClaims.Claim> = []
        var finish: Int64?
    }

    private let held = Mutex(Held())
    /// Signalled once, to stop the thread.
    private let stopping = DispatchSemaphore(value: 0)
    /// Signalled by the thread as it ends.
    private let stopped = DispatchSemaphore(value: 0)

    init(conninfo: String, night: String, worker: String, leaseMs: Int64) throws {
        let claims = UncheckedNightClaims(
            NightClaims(connection: try PostgreSQLConnection(conninfo: conninfo), night: night))
        let interval = DispatchTimeInterval.milliseconds(Int(max(leaseMs / 3, 1)))
        Thread.detachNewThread { [self] in
            while stopping.wait(timeout: .now() + interval) == .timedOut {
                let (files, finish) = held.withLock { (Array($0.claims), $0.finish) }
                // A claim lost meanwhile needs nothing here: the worker's own write of it is refused.
                _ = try? claims.value.renew(files, finish: finish, worker: worker, leaseMs: leaseMs)
            }
            stopped.signal()
        }
    }

    func hold(_ claims: [NightClaims.Claim]) { held.withLock { $0.claims.formUnion(claims) } }
    func release(_ claims: [NightClaims.Claim]) { held.withLock { $0.claims.subtract(claims) } }
    func finishing(_ token: Int64) { held.withLock { $0.finish = token } }

    /// Stops the thread and waits for it to end (its connection closes with it).
    func stop() {
        stopping.signal()
        stopped.wait()
    }
}
