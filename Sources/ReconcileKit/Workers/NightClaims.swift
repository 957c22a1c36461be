/// The rows through which the workers of one night cooperate (SPEC §9, ``NightWorker``): the
/// night, its inbox listing with one claim per file, and the workers that joined. Every claim is
/// one statement on the database's clock; every write a claim allows checks the claim's fencing
/// token, so a worker whose lease ended and was taken over writes nothing. PostgreSQL only.
final class NightClaims {
    let connection: any DatabaseConnection
    let night: String

    init(connection: any DatabaseConnection, night: String) {
        self.connection = connection
        self.night = night
    }

    /// Runs `body` again when the engine aborts it as a serialization failure or a deadlock
    /// (SQLSTATE 40001, 40P01: routine on CockroachDB, which runs every transaction SERIALIZABLE),
    /// up to `attempts` times in all. Every claim statement and transaction here is one that can
    /// be run again: it changes nothing when it fails.
    static func retrying<T>(attempts: Int = 5, _ body: () throws -> T) throws -> T {
        var attempt = 1
        while true {
            do { return try body() } catch let error as DatabaseError
                where error.kind == .serializationFailure && attempt < attempts
            {
                attempt += 1
            }
        }
    }

    /// The database's clock in milliseconds since the epoch: every lease is on it, never on a
    /// worker's own clock.
    static let now = "CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS BIGINT)"

    /// A night as its row holds it.
    struct Night: Sendable {
        enum Phase: String, Sendable {
            case decoding
            case finishing
            case committed
        }

        let asOf: Int64
        let mode: RunMode
        let settleSeconds: Int64
        let settlementDays: Int
        let scannedAt: Int64
        let skipped: [ScanSkip]
        let phase: Phase
        let finishToken: Int64
        let finisher: String?
        /// Milliseconds left on the finisher's lease (negative: ended), by the database's clock.
        let finishLeaseLeft: Int64?
        let runID: String?
        let exitCode: Int32?
    }

    /// A file a worker holds: its place in the listing and the token its writes must carry.
    struct Claim: Sendable, Hashable {
        let scanOrder: Int64
        let token: Int64
    }

    func load() throws -> Night? {
        try Self.retrying {
            try connection.prepare(
                """
                SELECT as_of, mode, settle_seconds, settlement_days, scanned_at, scan_skips, phase, finish_token, finisher,
                       finish_lease_ms - \(Self.now), run_id, exit_code
                FROM worker_nights WHERE night = ?
                """, name: "read the night"
            )
            .fetchOne([.text(night)]) { row in
                Night(
                    asOf: try row.get(0), mode: RunMode(rawValue: try row.get(1)) ?? .run,
                    settleSeconds: try row.get(2),
                    settlementDays: Int(try row.get(3, as: Int64.self)), scannedAt: try row.get(4),
                    skipped: Self.skips(try row.get(5)), phase: Night.Phase(rawValue: try row.get(6)) ?? .decoding,
                    finishToken: try row.get(7), finisher: try row.get(8), finishLeaseLeft: try row.get(9),
                    runID: try row.get(10), exitCode: try row.get(11, as: Int64?.self).map { Int32($0) })
            }
        }
    }

    /// Creates the night with `scan` as its listing, unless another worker created it first (then
    /// false: the other's listing stands). `readRoot`: the inbox's real path, which the listing's
    /// read paths are kept relative to (every machine mounts the inbox where it likes).
    func create(_ configuration: RunConfiguration, scan: InboxScan, readRoot: String) throws -> Bool {
        try Self.retrying {
            try connection.transaction {
                let created = try connection.prepare(
                    """
                    INSERT INTO worker_nights (night, created_ms, as_of, mode, settle_seconds, settlement_days, scanned_at,
                                               scan_skips, phase)
                    VALUES (?, \(Self.now), ?, ?, ?, ?, ?, ?, 'decoding') ON CONFLICT (night) DO NOTHING
                    """, name: "create the night"
                )
                .execute(
                    .text(night), .integer(configuration.asOf), .text(configuration.mode.rawValue),
                    .integer(configuration.settleSeconds), .integer(Int64(configuration.settlementDays)),
                    .integer(scan.scannedAt), .blob(Self.encode(scan.skipped)))
                guard created == 1 else { return false }
                let prefix = readRoot + "/"
                try connection.bulkLoad(
                    into: "worker_files",
                    columns: [
                        "night", "scan_order", "path", "read_path", "size", "modified_ns", "changed_ns", "inode",
                        "device",
                        "state", "token",
                    ],
                    rows: scan.files.enumerated().lazy.map { i, file -> [DatabaseValue] in
                        let read =
                            file.absolutePath.hasPrefix(prefix)
                            ? String(file.absolutePath.dropFirst(prefix.count)) : file.absolutePath
                        return [
                            .text(self.night), .integer(Int64(i)), .text(file.relativePath), .text(read),
                            .integer(file.stamp.size), .integer(file.stamp.modifiedNanos),
                            .integer(file.stamp.changedNanos), .integer(Int64(bitPattern: file.stamp.inode)),
                            .integer(Int64(bitPattern: file.stamp.device)), .text("pending"), .integer(0),
                        ]
                    })
                return true
            }
        }
    }

    /// The night's listing in scan order, read from the inbox mounted at `readRoot`.
    func listing(readRoot: String) throws -> [InboxFile] {
        try connection.prepare(
            """
            SELECT path, read_path, size, modified_ns, changed_ns, inode, device FROM worker_files
            WHERE night = ? ORDER BY scan_order
            """, name: "read the listing"
        )
        .fetchAll([.text(night)]) { row in
            let read: String = try row.get(1)
            return InboxFile(
                relativePath: try row.get(0), absolutePath: read.hasPrefix("/") ? read : readRoot + "/" + read,
                stamp: FileStamp(
                    size: try row.get(2), modifiedNanos: try row.get(3), changedNanos: try row.get(4),
                    inode: UInt64(bitPattern: try row.get(5)), device: UInt64(bitPattern: try row.get(6))))
        }
    }

    func join(worker: String) throws {
        _ = try Self.retrying {
            try connection.prepare(
                """
                INSERT INTO workers (night, worker, joined_ms, seen_ms, role) VALUES (?, ?, \(Self.now), \(Self.now), 'decoding')
                ON CONFLICT (night, worker) DO UPDATE SET seen_ms = excluded.seen_ms
                """, name: "join the night"
            )
            .execute(.text(night), .text(worker))
        }
    }

    func setRole(_ role: String, worker: String) throws {
        _ = try Self.retrying {
            try connection.prepare(
                "UPDATE workers SET role = ?, seen_ms = \(Self.now) WHERE night = ? AND worker = ?",
                name: "set the role"
            )
            .execute(.text(role), .text(night), .text(worker))
        }
    }

    /// Claims up to `count` files, largest first: pending ones, and claimed ones whose lease ended.
    /// Rows another worker is claiming right now are skipped, not waited for.
    func claimFiles(_ count: Int, worker: String, leaseMs: Int64) throws -> [(claim: Claim, file: Int)] {
        try Self.retrying {
            try connection.prepare(
                """
                UPDATE worker_files SET state = 'claimed', token = token + 1, worker = ?, lease_ms = \(Self.now) + ?
                WHERE night = ? AND scan_order IN (
                    SELECT scan_order FROM worker_files
                    WHERE night = ? AND (state = 'pending' OR (state = 'claimed' AND lease_ms < \(Self.now)))
                    ORDER BY size DESC, scan_order LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING scan_order, token
                """, name: "claim files"
            )
            .fetchAll([.text(worker), .integer(leaseMs), .text(night), .text(night), .integer(Int64(count))]) { row in
                let order: Int64 = try row.get(0)
                return (Claim(scanOrder: order, token: try row.get(1)), Int(order))
            }
            .sorted { $0.claim.scanOrder < $1.claim.scanOrder }
        }
    }

    /// Stores what a worker made of a claimed file and marks it done, if the claim is still the
    /// worker's (its token unchanged); false when another worker took it over.
    func finish(_ claim: Claim, result: [UInt8], bytes: Int64, worker: String) throws -> Bool {
        try Self.retrying {
            try connection.transaction {
                let done = try connection.prepare(
                    """
                    UPDATE worker_files SET state = 'done', result = ?, lease_ms = NULL
                    WHERE night = ? AND scan_order = ? AND token = ? AND state = 'claimed'
                    """, name: "finish a file"
                )
                .execute(.blob(result), .text(night), .integer(claim.scanOrder), .integer(claim.token))
                guard done == 1 else { return false }
                try connection.prepare(
                    """
                    UPDATE workers SET files_decoded = files_decoded + 1, bytes_decoded = bytes_decoded + ?,
                                       seen_ms = \(Self.now)
                    WHERE night = ? AND worker = ?
                    """, name: "count a file"
                )
                .execute(.integer(bytes), .text(night), .text(worker))
                return true
            }
        }
    }

    /// The listing's files not done yet: those claimed with a lease running, and the rest (pending,
    /// or claimed with a lease ended).
    func unfinished() throws -> (leased: Int, claimable: Int) {
        try Self.retrying {
            try connection.prepare(
                """
                SELECT CAST(COUNT(*) FILTER (WHERE state = 'claimed' AND lease_ms >= \(Self.now)) AS BIGINT),
                       CAST(COUNT(*) FILTER (WHERE state = 'pending' OR (state = 'claimed' AND lease_ms < \(Self.now))) AS BIGINT)
                FROM worker_files WHERE night = ? AND state <> 'done'
                """, name: "count unfinished files"
            )
            .fetchOne([.text(night)]) { (Int(try $0.get(0, as: Int64.self)), Int(try $0.get(1, as: Int64.self))) }
                ?? (0, 0)
        }
    }

    /// Takes the night's finish, when every file is done and nobody holds the finish, or the
    /// finisher's lease ended. One row, one winner: of workers racing here, one gets the new token.
    func claimFinish(worker: String, leaseMs: Int64) throws -> Int64? {
        try Self.retrying {
            try connection.prepare(
                """
                UPDATE worker_nights SET phase = 'finishing', finish_token = finish_token + 1, finisher = ?,
                                         finish_lease_ms = \(Self.now) + ?
                WHERE night = ? AND (
                    (phase = 'decoding' AND NOT EXISTS (SELECT 1 FROM worker_files f WHERE f.night = ? AND f.state <> 'done'))
                    OR (phase = 'finishing' AND finish_lease_ms < \(Self.now)))
                RETURNING finish_token
                """, name: "claim the finish"
            )
            .fetchOne([.text(worker), .integer(leaseMs), .text(night), .text(night)]) { try $0.get(0, as: Int64.self) }
        }
    }

    /// Renews the leases a worker holds (its file claims and, when it finishes, the finish) and its
    /// heartbeat; returns the claims that are no longer its own.
    func renew(_ claims: [Claim], finish: Int64?, worker: String, leaseMs: Int64) throws -> [Claim] {
        try Self.retrying {
            let file = try connection.prepare(
                """
                UPDATE worker_files SET lease_ms = \(Self.now) + ?
                WHERE night = ? AND scan_order = ? AND token = ? AND state = 'claimed'
                """, name: "renew a file's lease")
            var lost: [Claim] = []
            for claim in claims
            where try file.execute(.integer(leaseMs), .text(night), .integer(claim.scanOrder), .integer(claim.token))
                != 1
            {
                lost.append(claim)
            }
            if let finish {
                try connection.prepare(
                    """
                    UPDATE worker_nights SET finish_lease_ms = \(Self.now) + ?
                    WHERE night = ? AND finish_token = ? AND phase = 'finishing'
                    """, name: "renew the finish's lease"
                )
                .execute(.integer(leaseMs), .text(night), .integer(finish))
            }
            try connection.prepare(
                "UPDATE workers SET seen_ms = \(Self.now) WHERE night = ? AND worker = ?", name: "heartbeat"
            )
            .execute(.text(night), .text(worker))
            return lost
        }
    }

    /// In the finisher's run transaction, just before it commits: marks the night committed, if the
    /// finish is still this worker's (its token unchanged), clears the decoded files the night no
    /// longer needs and drops earlier nights. False: the finish was taken over, and the caller
    /// must roll back.
    func commit(finishToken: Int64, runID: String, exitCode: Int32) throws -> Bool {
        let committed = try connection.prepare(
            """
            UPDATE worker_nights SET phase = 'committed', run_id = ?, exit_code = ?, finish_lease_ms = NULL
            WHERE night = ? AND finish_token = ? AND phase = 'finishing'
            """, name: "commit the night"
        )
        .execute(.text(runID), .integer(Int64(exitCode)), .text(night), .integer(finishToken))
        guard committed == 1 else { return false }
        try connection.prepare("UPDATE worker_files SET result = NULL WHERE night = ?", name: "clear decoded files")
            .execute(.text(night))
        try connection.prepare(
            "DELETE FROM worker_nights WHERE night <> ? AND phase = 'committed'", name: "drop earlier nights"
        )
        .execute(.text(night))
        return true
    }

    /// What a worker stored for the file at `scanOrder` (nil: not done, or its result cleared).
    func stagedResult(_ scanOrder: Int64) throws -> [UInt8]? {
        try connection.prepare(
            "SELECT result FROM worker_files WHERE night = ? AND scan_order = ? AND state = 'done'",
            name: "read a decoded file"
        )
        .fetchOne([.text(night), .integer(scanOrder)]) { try $0.get(0, as: [UInt8]?.self) } ?? nil
    }

    private static func encode(_ skips: [ScanSkip]) -> [UInt8] {
        var encoder = SpillEncoder()
        encoder.put(skips.count)
        for skip in skips {
            switch skip {
            case .deferred(let path, let age):
                encoder.put("deferred")
                encoder.put(path)
                encoder.put(age)
            case .linkNotFollowed(let path):
                encoder.put("link")
                encoder.put(path)
            case .unreadable(let path, let reason):
                encoder.put("unreadable")
                encoder.put(path)
                encoder.put(reason)
            }
        }
        return encoder.bytes
    }

    private static func skips(_ bytes: [UInt8]) -> [ScanSkip] {
        var decoder = SpillDecoder(bytes)
        return (0..<(decoder.count() ?? 0)).map { _ in
            switch decoder.string() {
            case "deferred": .deferred(relativePath: decoder.string(), ageSeconds: decoder.int64())
            case "link": .linkNotFollowed(relativePath: decoder.string())
            default: .unreadable(relativePath: decoder.string(), reason: decoder.string())
            }
        }
    }
}
