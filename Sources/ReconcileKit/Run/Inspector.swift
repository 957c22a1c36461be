import Foundation

/// What an inspection command prints: text for a person, JSON for a program, and its exit status.
package struct InspectionOutput: Sendable {
    package let text: String
    package let json: String
    package let exitStatus: ExitStatus

    init(text: String, json: JSONValue, exitStatus: ExitStatus = .clean) {
        self.text = text
        self.json = String(decoding: CanonicalJSON.encode(json), as: UTF8.self)
        self.exitStatus = exitStatus
    }
}

/// The read-only and maintenance subcommands: status, log, explain, verify, gc, statements, close.
/// The read-only ones take no lock: they read the last commit while a run writes.
package struct Inspector {
    let state: String
    let waitForLock: Bool

    /// Each command opens the state itself: read-only ones as they find it, maintenance ones under
    /// the lock.
    package init(state: String, waitForLock: Bool) {
        self.state = state
        self.waitForLock = waitForLock
    }

    private func guarded<T>(_ body: () throws -> T) throws(RunFailure) -> T {
        do { return try body() } catch {
            throw RunFailure(error)
        }
    }

    private func reading<T>(_ body: (StateDatabase) throws -> T) throws(RunFailure) -> T {
        try guarded {
            let access = try StateAccess.openExisting(state)
            return try body(access.database)
        }
    }

    private func locked<T>(_ body: (StateDatabase) throws -> T) throws(RunFailure) -> T {
        try guarded {
            let access = try StateAccess.openLockedExisting(state, wait: waitForLock)
            defer { access.release() }
            return try body(access.database)
        }
    }

    /// How many FAILED events `status` lists in its text (oldest first).
    static let failedEventsListed = 20

    package func status() throws(RunFailure) -> InspectionOutput {
        try reading { db in
            let head = try db.runs.head()
            let kinds = try db.records.countsByKind()
            let failed = Ledger(
                stored: [], events: Array(try db.events.load(try db.events.failedKeys()).values), lines: [],
                lastSequence: 0
            )
            .failedEvents
            let closed = try db.closedMonths.load().months.keys.sorted()
            let files = try db.files.count()
            let bookings = try db.bookings.count()
            var lines = ["head       \(head?.root.hex ?? "none (no run committed yet)")"]
            if let head {
                lines.append("last run   \(head.runID) at \(Timestamp.format(head.time))")
            }
            lines.append(
                "records    " + RecordKind.allCases.map { "\(kinds[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))
            lines.append("files      \(files) ingested")
            lines.append("bookings   \(bookings)")
            lines.append("closed     " + (closed.isEmpty ? "no month" : closed.joined(separator: ", ")))
            lines.append(
                "failed     \(failed.count) event(s)" + (failed.isEmpty ? "" : "; `reconcile retry` re-attempts them"))
            // The oldest few, not a screenful per thousand (a backfill can leave 200k): `--json` has all.
            for event in failed.prefix(Self.failedEventsListed) {
                lines.append(
                    "  \(event.eventID) \(event.tenantID): \(event.lastError ?? "") (attempts \(event.attempts))")
            }
            if failed.count > Self.failedEventsListed {
                lines.append(
                    "  … and \(failed.count - Self.failedEventsListed) more; `reconcile status --json` lists them all")
            }
            // Only a state workers ran on has a night to show (SPEC §9).
            let night = try NightStatus.latest(db.connection)
            lines += night?.lines ?? []
            var json: JSONValue = .object([
                "schemaVersion": .int(1),
                "head": head.map { .string($0.root.hex) } ?? .null,
                "lastRun": head.map { .string($0.runID) } ?? .null,
                "records": .object(RecordKind.allCases.map { JSONMember($0.rawValue, .int(Int64(kinds[$0] ?? 0))) }),
                "files": .int(Int64(files)),
                "bookings": .int(Int64(bookings)),
                "closedMonths": .array(closed.map { .string($0) }),
                "failedEvents": .array(
                    failed.map { e in
                        .object([
                            "eventId": .string(e.eventID), "tenantId": .string(e.tenantID.rawValue),
                            "lastError": .string(e.lastError ?? ""), "attempts": .int(Int64(e.attempts)),
                        ])
                    }),
            ])
            if let night, case .object(var members) = json {
                members.append(JSONMember("night", night.json))
                json = .object(members)
            }
            return InspectionOutput(text: lines.joined(separator: "\n"), json: json)
        }
    }

    package func log(limit: Int?) throws(RunFailure) -> InspectionOutput {
        try reading { db in
            var runs = try db.runs.chain()
            if let limit { runs = Array(runs.prefix(limit)) }
            var lines: [String] = []
            var json: [JSONValue] = []
            for run in runs {
                let manifest =
                    RunManifest(parsing: run.manifest)
                    ?? RunManifest(runID: run.runID, mode: "?", asOf: run.time, inputs: [], counts: [:])
                let counts = manifest.counts
                lines.append("\(run.root.short)  \(Timestamp.format(run.time))  \(run.runID)")
                lines.append(
                    "    inputs \(manifest.inputs.count): "
                        + manifest.inputs.prefix(5).map(\.path).joined(separator: ", ")
                        + (manifest.inputs.count > 5 ? ", …" : ""))
                lines.append(
                    "    records \(counts["records.new"] ?? 0) new, \(counts["records.duplicate"] ?? 0) duplicate, \(counts["records.conflict"] ?? 0) conflict; events \(counts["events.applied"] ?? 0) applied, \(counts["events.failed"] ?? 0) failed"
                )
                json.append(
                    .object([
                        "root": .string(run.root.hex),
                        "parent": run.parent.map { .string($0.hex) } ?? .null,
                        "runId": .string(run.runID),
                        "time": .string(Timestamp.format(run.time)),
                        "inputs": .array(
                            manifest.inputs.map {
                                .object([
                                    "path": .string($0.path), "sha256": .string($0.sha256.hex), "size": .int($0.size),
                                ])
                            }),
                        "counts": .object(counts.keys.sorted().map { JSONMember($0, .int(counts[$0]!)) }),
                    ]))
            }
            if lines.isEmpty { lines = ["no runs committed yet"] }
            return InspectionOutput(text: lines.joined(separator: "\n"), json: .array(json))
        }
    }

    package func explain(tenant: TenantID, id: String) throws(RunFailure) -> InspectionOutput {
        try reading { db in
            let keys = RecordKind.allCases.map { RecordKey(kind: $0, tenantID: tenant, id: id) }
            let entries = try db.records.entries(keys)
            let rejected = try db.rejections.load()
            let eventState = try db.events.load([ScopedID(tenant, id)])[ScopedID(tenant, id)]
            var lines: [String] = []
            var found: [JSONValue] = []
            for key in keys {
                let kind = key.kind
                let rejections = rejected.entries(for: key)
                guard let entry = entries[key] else {
                    guard !rejections.isEmpty else { continue }
                    lines.append("\(key)")
                    lines.append("  no accepted record")
                    lines += rejections.map(Self.rejectionLine)
                    found.append(
                        .object([
                            "kind": .string(kind.rawValue), "accepted": .null, "conflicts": .array([]),
                            "sightings": .array([]),
                            "statusHistory": .array([]), "rejected": .array(rejections.map(Self.rejectionJSON)),
                        ]))
                    continue
                }
                lines.append("\(key)")
                lines.append("  accepted object \(entry.first)")
                for v in entry.versions where entry.versions.count > 1 || v.objectID != entry.first {
                    lines.append("  version exported \(Timestamp.format(v.exportedAt)) object \(v.objectID)")
                }
                for c in entry.conflicts {
                    lines.append("  conflicting object \(c) (stored as evidence, never applied)")
                }
                for s in entry.sightings {
                    lines.append(
                        "  seen in run \(s.runID): '\(s.path)' \(s.line.map { "line \($0)" } ?? "byte \(s.byteOffset)") as \(s.source.rawValue) → \(s.outcome.rawValue) (object \(s.objectID.short))"
                    )
                }
                var history: [JSONValue] = []
                if kind == .event, let event = eventState {
                    lines.append(
                        "  status \(event.status.rawValue), attempts \(event.attempts)\(event.lastError.map { ", lastError \($0)" } ?? "")"
                    )
                    for t in event.history {
                        lines.append(
                            "    run \(t.runID): \(t.from?.rawValue ?? "-") → \(t.to.rawValue)\(t.error.map { " (\($0))" } ?? "")"
                        )
                        history.append(
                            .object([
                                "runId": .string(t.runID), "from": t.from.map { .string($0.rawValue) } ?? .null,
                                "to": .string(t.to.rawValue), "error": t.error.map { .string($0) } ?? .null,
                            ]))
                    }
                }
                found.append(
                    .object([
                        "kind": .string(kind.rawValue),
                        "accepted": .string(entry.first.hex),
                        "conflicts": .array(entry.conflicts.map { .string($0.hex) }),
                        "sightings": .array(
                            entry.sightings.map { s in
                                .object([
                                    "runId": .string(s.runID), "path": .string(s.path),
                                    "line": s.line.map { .int(Int64($0)) } ?? .null,
                                    "objectId": .string(s.objectID.hex), "outcome": .string(s.outcome.rawValue),
                                    "source": .string(s.source.rawValue),
                                ])
                            }),
                        "statusHistory": .array(history),
                        "rejected": .array(rejections.map(Self.rejectionJSON)),
                    ]))
                lines += rejections.map(Self.rejectionLine)
            }
            if found.isEmpty {
                return InspectionOutput(
                    text: "no record \(tenant)/\(id) in the store", json: .array([]), exitStatus: .attention)
            }
            return InspectionOutput(text: lines.joined(separator: "\n"), json: .array(found))
        }
    }

    /// A rejection of a record, for `explain`: where, why, the object of its raw bytes (never the
    /// bytes) and what replaced it.
    static func rejectionLine(_ r: RejectedLog.Entry) -> String {
        var text =
            "  rejected in run \(r.runID): '\(r.path)' \(r.location): \(r.reason); raw bytes "
            + (r.objectID.map { "object \($0.hex)" } ?? "not kept")
        if let by = r.replacedBy {
            text += "; replaced by object \(by.objectID.short) from '\(by.path)' \(by.location) in run \(by.runID)"
        }
        return text
    }

    static func rejectionJSON(_ r: RejectedLog.Entry) -> JSONValue {
        func place(_ l: Location) -> [JSONMember] {
            [
                JSONMember("line", l.line.map { .int(Int64($0)) } ?? .null),
                JSONMember("byteOffset", .int(Int64(l.byteOffset))),
            ]
        }
        return .object(
            place(r.location) + [
                JSONMember("runId", .string(r.runID)), JSONMember("path", .string(r.path)),
                JSONMember("reason", .string(r.reason)),
                JSONMember("objectId", r.objectID.map { .string($0.hex) } ?? .null),
                JSONMember(
                    "replacedBy",
                    r.replacedBy.map { by in
                        .object(
                            place(by.location) + [
                                JSONMember("runId", .string(by.runID)), JSONMember("path", .string(by.path)),
                                JSONMember("objectId", .string(by.objectID.hex)),
                            ])
                    } ?? .null),
            ])
    }

    package func verify() throws(RunFailure) -> InspectionOutput {
        try reading { db in
            let problems = try db.verify().map(\.description)
            let text = problems.isEmpty ? "store verified: no problems" : problems.joined(separator: "\n")
            return InspectionOutput(
                text: text, json: .object(["problems": .array(problems.map { .string($0) })]),
                exitStatus: problems.isEmpty ? .clean : .attention)
        }
    }

    package func gc() throws(RunFailure) -> InspectionOutput {
        try locked { db in
            let result = try db.gc()
            let text =
                result.objectsRemoved == 0
                ? "nothing to remove"
                : "removed \(result.objectsRemoved) unreferenced object(s), \(result.bytesFreed) bytes"
            return InspectionOutput(
                text: text,
                json: .object([
                    "removedObjects": .int(Int64(result.objectsRemoved)), "bytesFreed": .int(result.bytesFreed),
                ]))
        }
    }

    /// Regenerates one month's statements from the state, with the lines described as a run
    /// describes them (platform booking ids, open exceptions as of `asOf`).
    package func statements(month: String, tenant: TenantID?, outbox: String, asOf: Int64, settlementDays: Int = 7)
        throws(RunFailure) -> InspectionOutput
    {
        try reading { db in
            let night = try NightState(db)
            let index = try night.startIndex()
            let tenants = try Runner.tenantDirectory(index, ObjectReader(pending: [:], objects: db.objects))
            let closed = try db.closedMonths.load()
            if closed.isClosed(month) {
                return InspectionOutput(
                    text: "\(month) is closed: its statements are never written again",
                    json: .object(["month": .string(month), "closed": .bool(true), "files": .array([])]))
            }
            // The whole month: its index.html and summary.csv list every tenant; `tenant` limits the statement files.
            // The open items as the last run left them.
            let open = try db.openItems.open()
            let builder = NightStatements(
                db: db, tenants: tenants, closed: closed,
                openItems: open.exceptionTable)
            var statements = try builder.statements(of: month)
            try db.statementRevisions.load(statements.map { StatementID(tenant: $0.tenantID, month: $0.month) }).apply(
                to: &statements)
            let (entries, skipped) = try OutboxWriter(root: outbox).write(
                statements: statements, stamp: .init(asOf: asOf, runID: night.head?.runID ?? "-"), tenant: tenant)
            let written = entries.map { "\(outbox)/\($0.path) (\($0.outcome == .written ? "written" : "unchanged"))" }
            let warnings = skipped.filter { s in tenant.map { $0 == s.tenant } ?? true }.map(\.warning)
            let text =
                statements.isEmpty ? "no statement lines for \(month)" : (written + warnings).joined(separator: "\n")
            return InspectionOutput(
                text: text,
                json: .object([
                    "month": .string(month), "files": .array(written.map { .string($0) }),
                    "notWritten": .array(warnings.map { .string($0) }),
                ]),
                exitStatus: warnings.isEmpty ? .clean : .attention)
        }
    }

    /// `reconcile close --month`: records `month` as closed, with the ledger's line count, in one
    /// transaction under the run lock. Closing a closed month changes nothing.
    package func close(month: String, asOf: Int64) throws(RunFailure) -> InspectionOutput {
        try locked { db in
            try db.transaction {
                guard let head = try db.runs.head() else {
                    throw RunFailure(.usage, "no run committed yet: nothing to close")
                }
                var closed = try db.closedMonths.load()
                if let c = closed.months[month] {
                    return InspectionOutput(
                        text: "\(month) is already closed (by \(c.runID))",
                        json: .object(["month": .string(month), "closed": .bool(true)]))
                }
                let lineCount = try db.ledger.lastSequence()
                let closing = ClosedMonths.Closing(runID: head.runID, asOf: asOf, lineCount: lineCount)
                try db.closedMonths.close(month: month, closing: closing)
                closed.months[month] = closing
                let text =
                    "closed \(month) at \(lineCount) ledger lines (after run \(head.runID)); its statements never change again, "
                    + "later lines of \(month) go to \(closed.firstOpenMonth(after: month)) as prior-period adjustments"
                return InspectionOutput(
                    text: text,
                    json: .object(["month": .string(month), "closed": .bool(true), "run": .string(head.runID)]))
            }
        }
    }
}
