import Foundation

/// What an inspection command prints: text for a person, JSON for a program, and its exit status.
public struct InspectionOutput: Sendable {
    public let text: String
    public let json: String
    public let exitStatus: ExitStatus

    init(text: String, json: JSONValue, exitStatus: ExitStatus = .clean) {
        self.text = text
        self.json = String(decoding: CanonicalJSON.encode(json), as: UTF8.self)
        self.exitStatus = exitStatus
    }
}

/// The read-only and maintenance subcommands: status, log, explain, verify, gc, statements.
public struct Inspector {
    let access: StoreAccess
    let disk: DiskStore
    let waitForLock: Bool

    public init(state: String, waitForLock: Bool) throws(RunFailure) {
        guard StoreFiles.exists(state + "/FORMAT") else {
            throw RunFailure(.usage, "no state store at '\(state)': run `reconcile run` first")
        }
        do {
            access = try StoreAccess.open(state)
        } catch {
            throw RunFailure(error.exitStatus, error.description)
        }
        disk = access.disk!
        self.waitForLock = waitForLock
    }

    private func guarded<T>(_ body: () throws -> T) throws(RunFailure) -> T {
        do { return try body() } catch let failure as RunFailure {
            throw failure
        } catch let error as StoreError {
            throw RunFailure(error.exitStatus, error.description)
        } catch let error as OutboxError {
            throw RunFailure(.cannotWrite, error.description)
        } catch {
            throw RunFailure(.internalError, "\(error)")
        }
    }

    /// How many FAILED events `status` lists in its text (oldest first).
    static let failedEventsListed = 20

    public func status() throws(RunFailure) -> InspectionOutput {
        try guarded {
            let state = try StoredState.load(from: disk)
            defer { Discard.onAnotherThread(state) }  // a million bookings are not freed one by one before the answer
            var kinds: [RecordKind: Int] = [:]
            for key in state.index.nonEventKeys { kinds[key.kind, default: 0] += 1 }
            kinds[.event] = state.index.entries.count - state.index.nonEventKeys.count
            let failed = state.ledger.failedEvents
            var lines = ["head       \(state.head?.hex ?? "none (no run committed yet)")"]
            if let root = state.root {
                lines.append("last run   \(root.runID) at \(Timestamp.format(root.time))")
            }
            lines.append("records    " + RecordKind.allCases.map { "\(kinds[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))
            lines.append("files      \(state.index.fileCount) ingested")
            lines.append("bookings   \(state.ledger.bookingCount)")
            let closed = state.closedMonths.months.keys.sorted()
            lines.append("closed     " + (closed.isEmpty ? "no month" : closed.joined(separator: ", ")))
            lines.append("failed     \(failed.count) event(s)" + (failed.isEmpty ? "" : "; `reconcile retry` re-attempts them"))
            // The oldest few, not a screenful per thousand (a backfill can leave 200k): `--json` has all.
            for event in failed.prefix(Self.failedEventsListed) {
                lines.append("  \(event.eventID) \(event.tenantID): \(event.lastError ?? "") (attempts \(event.attempts))")
            }
            if failed.count > Self.failedEventsListed {
                lines.append("  … and \(failed.count - Self.failedEventsListed) more; `reconcile status --json` lists them all")
            }
            let json: JSONValue = .object([
                "schemaVersion": .int(1),
                "head": state.head.map { .string($0.hex) } ?? .null,
                "lastRun": state.root.map { .string($0.runID) } ?? .null,
                "records": .object(RecordKind.allCases.map { JSONMember($0.rawValue, .int(Int64(kinds[$0] ?? 0))) }),
                "files": .int(Int64(state.index.fileCount)),
                "bookings": .int(Int64(state.ledger.bookingCount)),
                "closedMonths": .array(closed.map { .string($0) }),
                "failedEvents": .array(failed.map { e in
                    .object(["eventId": .string(e.eventID), "tenantId": .string(e.tenantID.rawValue),
                             "lastError": .string(e.lastError ?? ""), "attempts": .int(Int64(e.attempts))])
                }),
            ])
            return InspectionOutput(text: lines.joined(separator: "\n"), json: json)
        }
    }

    public func log(limit: Int?) throws(RunFailure) -> InspectionOutput {
        try guarded {
            var entries = try disk.log()
            if let limit { entries = Array(entries.prefix(limit)) }
            var lines: [String] = []
            for entry in entries {
                let counts = entry.root.counts
                lines.append("\(entry.id.short)  \(Timestamp.format(entry.root.time))  \(entry.root.runID)")
                lines.append("    inputs \(entry.root.inputs.count): " + entry.root.inputs.prefix(5).map(\.path).joined(separator: ", ") + (entry.root.inputs.count > 5 ? ", …" : ""))
                lines.append("    records \(counts["records.new"] ?? 0) new, \(counts["records.duplicate"] ?? 0) duplicate, \(counts["records.conflict"] ?? 0) conflict; events \(counts["events.applied"] ?? 0) applied, \(counts["events.failed"] ?? 0) failed")
            }
            if lines.isEmpty { lines = ["no runs committed yet"] }
            let json: JSONValue = .array(entries.map { entry in
                .object([
                    "root": .string(entry.id.hex),
                    "parent": entry.root.parent.map { .string($0.hex) } ?? .null,
                    "runId": .string(entry.root.runID),
                    "time": .string(Timestamp.format(entry.root.time)),
                    "inputs": .array(entry.root.inputs.map { .object(["path": .string($0.path), "sha256": .string($0.sha256.hex), "size": .int($0.size)]) }),
                    "counts": .object(entry.root.counts.map { JSONMember($0.key, .int($0.value)) }),
                ])
            })
            return InspectionOutput(text: lines.joined(separator: "\n"), json: json)
        }
    }

    public func explain(tenant: TenantID, id: String) throws(RunFailure) -> InspectionOutput {
        try guarded {
            let state = try StoredState.load(from: disk)
            defer { Discard.onAnotherThread(state) }
            var lines: [String] = []
            var found: [JSONValue] = []
            for kind in RecordKind.allCases {
                let key = RecordKey(kind: kind, tenantID: tenant, id: id)
                let rejections = state.rejected.entries(for: key)
                guard let entry = state.index.entry(key) else {
                    guard !rejections.isEmpty else { continue }
                    lines.append("\(key)")
                    lines.append("  no accepted record")
                    lines += rejections.map(Self.rejectionLine)
                    found.append(.object([
                        "kind": .string(kind.rawValue), "accepted": .null, "conflicts": .array([]), "sightings": .array([]),
                        "statusHistory": .array([]), "rejected": .array(rejections.map(Self.rejectionJSON)),
                    ]))
                    continue
                }
                lines.append("\(key)")
                lines.append("  accepted object \(entry.first)")
                for v in entry.versions where entry.versions.count > 1 || v.objectID != entry.first {
                    lines.append("  version exported \(Timestamp.format(v.exportedAt)) object \(v.objectID)")
                }
                for c in entry.conflicts { lines.append("  conflicting object \(c) (stored as evidence, never applied)") }
                for s in entry.sightings {
                    lines.append("  seen in run \(s.runID): '\(s.path)' \(s.line.map { "line \($0)" } ?? "byte \(s.byteOffset)") as \(s.source.rawValue) → \(s.outcome.rawValue) (object \(s.objectID.short))")
                }
                var history: [JSONValue] = []
                if kind == .event, let event = state.ledger.eventState(ScopedID(tenant, id)) {
                    lines.append("  status \(event.status.rawValue), attempts \(event.attempts)\(event.lastError.map { ", lastError \($0)" } ?? "")")
                    for t in event.history {
                        lines.append("    run \(t.runID): \(t.from?.rawValue ?? "-") → \(t.to.rawValue)\(t.error.map { " (\($0))" } ?? "")")
                        history.append(.object(["runId": .string(t.runID), "from": t.from.map { .string($0.rawValue) } ?? .null,
                                                "to": .string(t.to.rawValue), "error": t.error.map { .string($0) } ?? .null]))
                    }
                }
                found.append(.object([
                    "kind": .string(kind.rawValue),
                    "accepted": .string(entry.first.hex),
                    "conflicts": .array(entry.conflicts.map { .string($0.hex) }),
                    "sightings": .array(entry.sightings.map { s in
                        .object(["runId": .string(s.runID), "path": .string(s.path), "line": s.line.map { .int(Int64($0)) } ?? .null,
                                 "objectId": .string(s.objectID.hex), "outcome": .string(s.outcome.rawValue), "source": .string(s.source.rawValue)])
                    }),
                    "statusHistory": .array(history),
                    "rejected": .array(rejections.map(Self.rejectionJSON)),
                ]))
                lines += rejections.map(Self.rejectionLine)
            }
            if found.isEmpty {
                return InspectionOutput(text: "no record \(tenant)/\(id) in the store", json: .array([]), exitStatus: .attention)
            }
            return InspectionOutput(text: lines.joined(separator: "\n"), json: .array(found))
        }
    }

    /// A rejection of a record, for `explain`: where, why, the object of its raw bytes (never the
    /// bytes) and what replaced it.
    static func rejectionLine(_ r: RejectedLog.Entry) -> String {
        var text = "  rejected in run \(r.runID): '\(r.path)' \(r.location): \(r.reason); raw bytes "
            + (r.objectID.map { "object \($0.hex)" } ?? "not kept")
        if let by = r.replacedBy {
            text += "; replaced by object \(by.objectID.short) from '\(by.path)' \(by.location) in run \(by.runID)"
        }
        return text
    }

    static func rejectionJSON(_ r: RejectedLog.Entry) -> JSONValue {
        func place(_ l: Location) -> [JSONMember] {
            [JSONMember("line", l.line.map { .int(Int64($0)) } ?? .null), JSONMember("byteOffset", .int(Int64(l.byteOffset)))]
        }
        return .object(place(r.location) + [
            JSONMember("runId", .string(r.runID)), JSONMember("path", .string(r.path)), JSONMember("reason", .string(r.reason)),
            JSONMember("objectId", r.objectID.map { .string($0.hex) } ?? .null),
            JSONMember("replacedBy", r.replacedBy.map { by in
                .object(place(by.location) + [JSONMember("runId", .string(by.runID)), JSONMember("path", .string(by.path)),
                                              JSONMember("objectId", .string(by.objectID.hex))])
            } ?? .null),
        ])
    }

    public func verify() throws(RunFailure) -> InspectionOutput {
        try guarded {
            var problems = try disk.verify().map(\.description)
            if problems.isEmpty, let head = try disk.head() {
                // The index must only name objects the store holds.
                let state = try StoredState.load(from: disk)
                defer { Discard.onAnotherThread(state) }
                for id in state.index.objectIDs.sorted() {
                    guard try disk.contains(id) else {
                        problems.append("index of root \(head.short): names missing object \(id.hex)")
                        continue
                    }
                }
                for id in state.rejected.objectIDs.sorted() {
                    if try !disk.contains(id) { problems.append("rejected records of root \(head.short): name missing object \(id.hex)") }
                }
                problems += state.ledger.auditProblems(against: state.index)
            }
            let text = problems.isEmpty ? "store verified: no problems" : problems.joined(separator: "\n")
            return InspectionOutput(text: text, json: .object(["problems": .array(problems.map { .string($0) })]),
                                    exitStatus: problems.isEmpty ? .clean : .attention)
        }
    }

    public func gc() throws(RunFailure) -> InspectionOutput {
        try guarded {
            let lock = try disk.acquireLock(wait: waitForLock)
            defer { lock.release() }
            let report = try disk.gc(holding: lock)
            let removed = report.removedObjects + report.removedPacks + report.removedTemporaryFiles
            let text = removed.isEmpty ? "nothing to remove" : removed.map { "removed \($0)" }.joined(separator: "\n")
            return InspectionOutput(text: text, json: .object(["removed": .array(removed.map { .string($0) })]))
        }
    }

    /// Regenerates one month's statements from the store, with the lines described as a run
    /// describes them (platform booking ids, open exceptions as of `asOf`).
    public func statements(month: String, tenant: TenantID?, outbox: String, asOf: Int64, settlementDays: Int = 7) throws(RunFailure) -> InspectionOutput {
        try guarded {
            let state = try StoredState.load(from: disk)
            defer { Discard.onAnotherThread(state) }
            let reader = ObjectReader(pending: [:], store: disk)
            let tenants = try Runner.tenantDirectory(state.index, reader)
            // The whole month: its index.html and summary.csv list every tenant; `tenant` limits the statement files.
            let counterparts = try Runner.counterparts(index: state.index, reader: reader)
            let context = StatementContext(Reconciliation.reconcile(ledger: state.ledger, platform: counterparts.platform,
                                                                    bankEntries: counterparts.bank, tenants: tenants, asOf: asOf,
                                                                    settlementDays: settlementDays))
            if state.closedMonths.isClosed(month) {
                return InspectionOutput(text: "\(month) is closed: its statements are never written again",
                                        json: .object(["month": .string(month), "closed": .bool(true), "files": .array([])]))
            }
            var statements = StatementBuilder.statements(ledger: state.ledger, tenants: tenants, month: month, context: context,
                                                         closed: state.closedMonths)
            state.revisions.apply(to: &statements)
            let (entries, skipped) = try OutboxWriter(root: outbox).write(statements: statements, stamp: .init(asOf: asOf, runID: state.root?.runID ?? "-"), tenant: tenant)
            let written = entries.map { "\(outbox)/\($0.path) (\($0.outcome == .written ? "written" : "unchanged"))" }
            let warnings = skipped.filter { s in tenant.map { $0 == s.tenant } ?? true }.map(\.warning)
            let text = statements.isEmpty ? "no statement lines for \(month)" : (written + warnings).joined(separator: "\n")
            return InspectionOutput(text: text, json: .object(["month": .string(month), "files": .array(written.map { .string($0) }),
                                                               "notWritten": .array(warnings.map { .string($0) })]),
                                    exitStatus: warnings.isEmpty ? .clean : .attention)
        }
    }

    /// `reconcile close --month`: commits a root that records `month` as closed, with the ledger's
    /// line count, every other blob carried over. Closing a closed month changes nothing.
    public func close(month: String, asOf: Int64) throws(RunFailure) -> InspectionOutput {
        try guarded {
            let lock = try disk.acquireLock(wait: waitForLock)
            defer { lock.release() }
            let state = try StoredState.load(from: disk)
            defer { Discard.onAnotherThread(state) }
            guard let head = state.head, let root = state.root else {
                throw RunFailure(.usage, "no run committed yet: nothing to close")
            }
            if let c = state.closedMonths.months[month] {
                return InspectionOutput(text: "\(month) is already closed (by \(c.runID))", json: .object(["month": .string(month), "closed": .bool(true)]))
            }
            var closed = state.closedMonths
            let runID = "close-\(month)-\(Timestamp.format(asOf).filter { $0 != ":" && $0 != "-" })"
            closed.months[month] = ClosedMonths.Closing(runID: runID, asOf: asOf, lineCount: state.ledger.lines.count)
            var carried = root.blobs
            carried[ClosedMonths.blobName] = nil
            let transaction = StoreTransaction(parent: head, runID: runID, time: asOf,
                                               blobs: [ClosedMonths.blobName: closed.encoded()], carriedBlobs: carried)
            let id = try disk.commit(transaction, crashHook: .none)
            let text = "closed \(month) at \(state.ledger.lines.count) ledger lines (root \(id.short)); its statements never change again, "
                + "later lines of \(month) go to \(closed.firstOpenMonth(after: month)) as prior-period adjustments"
            return InspectionOutput(text: text, json: .object(["month": .string(month), "closed": .bool(true), "root": .string(id.hex)]))
        }
    }
}
