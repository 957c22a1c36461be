/// The latest night of workers as `reconcile status` shows it (SPEC §9): its phase, its files by
/// state, each claim held with its worker and the lease left, and each worker with its last
/// heartbeat. Leases are read on the database's clock.
struct NightStatus {
    struct Claim {
        let path: String
        let worker: String
        let token: Int64
        let leaseLeftMs: Int64
    }

    struct Worker {
        let name: String
        let role: String
        let filesDecoded: Int64
        let bytesDecoded: Int64
        let seenAgoMs: Int64
    }

    let night: String
    let phase: String
    let files: [String: Int64]
    let claims: [Claim]
    let workers: [Worker]
    let finisher: String?
    let finishLeaseLeftMs: Int64?
    let runID: String?

    /// The latest night, if workers ever ran on this state (never on SQLite).
    static func latest(_ connection: any DatabaseConnection) throws -> NightStatus? {
        guard connection.engine == .postgresql else { return nil }
        let now = NightClaims.now
        let latest = try connection.prepare(
            """
            SELECT night, phase, finisher, finish_lease_ms - \(now), run_id FROM worker_nights
            ORDER BY created_ms DESC, night DESC LIMIT 1
            """, name: "status: the latest night"
        )
        .fetchOne {
            (
                try $0.get(0, as: String.self), try $0.get(1, as: String.self), try $0.get(2, as: String?.self),
                try $0.get(3, as: Int64?.self), try $0.get(4, as: String?.self)
            )
        }
        guard let (night, phase, finisher, lease, runID) = latest else { return nil }
        var files: [String: Int64] = [:]
        try connection.prepare(
            "SELECT state, CAST(COUNT(*) AS BIGINT) FROM worker_files WHERE night = ? GROUP BY state",
            name: "status: files by state"
        )
        .query([.text(night)]) { files[try $0.get(0)] = try $0.get(1) }
        let claims = try connection.prepare(
            """
            SELECT path, worker, token, lease_ms - \(now) FROM worker_files
            WHERE night = ? AND state = 'claimed' ORDER BY scan_order
            """, name: "status: claims"
        )
        .fetchAll([.text(night)]) {
            Claim(path: try $0.get(0), worker: try $0.get(1), token: try $0.get(2), leaseLeftMs: try $0.get(3))
        }
        let workers = try connection.prepare(
            """
            SELECT worker, role, files_decoded, bytes_decoded, \(now) - seen_ms FROM workers
            WHERE night = ? ORDER BY joined_ms, worker
            """, name: "status: workers"
        )
        .fetchAll([.text(night)]) {
            Worker(
                name: try $0.get(0), role: try $0.get(1), filesDecoded: try $0.get(2), bytesDecoded: try $0.get(3),
                seenAgoMs: try $0.get(4))
        }
        return NightStatus(
            night: night, phase: phase, files: files, claims: claims, workers: workers, finisher: finisher,
            finishLeaseLeftMs: lease, runID: runID)
    }

    var lines: [String] {
        var lines = [
            "night      '\(night)' \(phase)"
                + (runID.map { " as run \($0)" } ?? "")
                + ": files \(files["done", default: 0]) done, \(files["claimed", default: 0]) claimed, \(files["pending", default: 0]) pending"
        ]
        if phase == "finishing", let finisher {
            lines.append("  finish   \(finisher), lease \(Self.seconds(finishLeaseLeftMs ?? 0))")
        }
        for claim in claims {
            lines.append(
                "  claim    '\(claim.path)' by \(claim.worker) (token \(claim.token)), lease \(Self.seconds(claim.leaseLeftMs))"
            )
        }
        for worker in workers {
            lines.append(
                "  worker   \(worker.name) \(worker.role): \(worker.filesDecoded) file(s), \(worker.bytesDecoded) bytes decoded; last heartbeat \(Double(worker.seenAgoMs / 100) / 10) s ago"
            )
        }
        return lines
    }

    /// A lease left as a person reads it: "12.3 s left", or "ended 4.0 s ago".
    static func seconds(_ leftMs: Int64) -> String {
        let tenths = Double(abs(leftMs) / 100) / 10
        return leftMs >= 0 ? "\(tenths) s left" : "ended \(tenths) s ago"
    }

    var json: JSONValue {
        .object([
            "night": .string(night), "phase": .string(phase), "runId": runID.map { .string($0) } ?? .null,
            "files": .object(["done", "claimed", "pending"].map { JSONMember($0, .int(files[$0, default: 0])) }),
            "finisher": finisher.map { .string($0) } ?? .null,
            "finishLeaseLeftMs": finishLeaseLeftMs.map { .int($0) } ?? .null,
            "claims": .array(
                claims.map {
                    .object([
                        "path": .string($0.path), "worker": .string($0.worker), "token": .int($0.token),
                        "leaseLeftMs": .int($0.leaseLeftMs),
                    ])
                }),
            "workers": .array(
                workers.map {
                    .object([
                        "worker": .string($0.name), "role": .string($0.role), "filesDecoded": .int($0.filesDecoded),
                        "bytesDecoded": .int($0.bytesDecoded), "lastHeartbeatMsAgo": .int($0.seenAgoMs),
                    ])
                }),
        ])
    }
}
