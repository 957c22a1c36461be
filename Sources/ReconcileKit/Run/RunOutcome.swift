/// What a finished run tells its caller: the report, the exit status, and summaries for a person
/// (text) and for a scheduler (JSON, `schemaVersion` 1, documented in docs/run-summary.md).
package struct RunOutcome: Sendable {
    let report: RunReport
    let statements: [StatementID]
    let published: OutboxWriteResult?
    let dryRun: Bool
    let outbox: String
    /// Bytes of the inbox files read by this run (every scanned file is read to hash it).
    package var bytesRead: Int64 = 0
    /// Statements the outbox could not give a name (``SkippedStatement``): not written, reported.
    var skipped: [SkippedStatement] = []

    var quarantinedCount: Int { report.files.quarantined.count }
    var failedCount: Int { report.events.failed.count }
    var rejectedCount: Int { report.rejected.count }

    /// SPEC §8: 1 when the run committed but something needs a person's attention.
    package var exitStatus: ExitStatus {
        quarantinedCount > 0 || failedCount > 0 || rejectedCount > 0 || !skipped.isEmpty ? .attention : .clean
    }

    /// Lines for stderr: each quarantined file, rejected record, failed event and statement not
    /// written, no customer data.
    var warnings: [String] {
        var lines: [String] = []
        for q in report.files.quarantined {
            lines.append("quarantined '\(q.path)'\(q.location.map { " at \($0)" } ?? ""): \(q.reason)")
        }
        for r in report.rejected {
            lines.append("rejected record in '\(r.file)' at \(r.location): \(r.reason)\(r.keptNote)")
        }
        for f in report.events.failed {
            lines.append("event \(f.eventID) of \(f.tenant) FAILED: \(f.lastError)")
        }
        lines += skipped.map(\.warning)
        return lines
    }

    var totals: RunReport.RecordCounts {
        var sum = RunReport.RecordCounts()
        for tally in report.records { sum += tally.counts }
        return sum
    }

    /// Version of the `--json` summary of `run`/`retry` (docs/run-summary.md); bumped on any
    /// incompatible change. Version 1 had no `durationMs`, `bytesRead`, `reportPath`,
    /// `statements`, and listed only exception kinds that occurred.
    static let summarySchemaVersion: Int64 = 2

    /// The night's bank statements by the outcome of their balance check.
    var bankCounts: (read: Int, agree: Int, disagree: Int, notChecked: Int) {
        var counts = (read: report.bank.statements.count, agree: 0, disagree: 0, notChecked: 0)
        for s in report.bank.statements {
            switch s.statement.agreement {
            case .agrees: counts.agree += 1
            case .differs: counts.disagree += 1
            case .notChecked: counts.notChecked += 1
            }
        }
        return counts
    }

    package var summaryText: String {
        let t = totals
        let bank = bankCounts
        let f = report.files
        let seen = exceptionCounts.filter { $0.count > 0 }
        let exceptionText = seen.isEmpty ? "none" : seen.map { "\($0.kind) \($0.count)" }.joined(separator: ", ")
        var lines = [
            dryRun
                ? "reconcile \(report.runID): dry run, nothing committed"
                : "reconcile \(report.runID): committed root \(report.root?.short ?? "-")",
            "  files      \(f.scanned) scanned, \(f.skippedAlreadySeen) already seen, \(f.deferred.count) deferred, \(f.quarantined.count) quarantined",
            "  records    \(t.new) new, \(t.duplicate) duplicate, \(t.conflict) conflict, \(t.newVersion) new version, \(report.rejected.count) rejected",
            "  events     \(report.events.applied) applied, \(report.events.failed.count) failed, \(report.events.ignored) ignored, \(report.backfilled.count) backfilled",
            "  bank       \(report.settlement.settled) settled, \(report.settlement.unsettled) unsettled, \(report.settlement.unmatchedCredits) unmatched credits",
            "  balances   \(bank.read) bank statements: \(bank.agree) agree, \(bank.disagree) disagree, \(bank.notChecked) not checked; "
                + "\(report.bank.notBooked.count) entries not booked, \(report.bank.keptWhole.count) batches kept whole",
            "  exceptions \(exceptionText)",
        ]
        if published != nil {
            lines.append("  report     \(outbox)/runs/\(report.runID)/report.md")
            lines.append("  statements \(statements.count) (\(Set(statements.map(\.month)).count) months)")
        }
        return lines.joined(separator: "\n")
    }

    /// Exceptions per kind: every SPEC kind (zeros included), then any other kind seen.
    var exceptionCounts: [(kind: String, count: Int)] {
        report.exceptionCounts.map { ($0.kind.rawValue, $0.count) }
    }

    /// `report.md` of this run relative to the working folder, nil for a dry run.
    var reportPath: String? { published.map { "\(outbox)/\($0.latest)/report.md" } }

    /// The summary without a duration (`durationMs` null); see ``summaryJSON(durationMs:)``.
    var summaryJSON: String { summaryJSON(durationMs: nil) }

    /// The `--json` summary, schema in docs/run-summary.md. `durationMs` is measured by the caller
    /// (the command line) so the library never reads a clock and tests stay deterministic.
    package func summaryJSON(durationMs: Int64?) -> String {
        let t = totals
        let quarantined: [JSONValue] = report.files.quarantined.map { q in
            let sha: JSONValue = q.sha256.map { .string($0.hex) } ?? .null
            let line: JSONValue = q.location?.line.map { .int(Int64($0)) } ?? .null
            let offset: JSONValue = q.location.map { .int(Int64($0.byteOffset)) } ?? .null
            return .object([
                "path": .string(q.path), "sha256": sha, "line": line, "byteOffset": offset, "reason": .string(q.reason),
            ])
        }
        let files: JSONValue = .object([
            "scanned": .int(Int64(report.files.scanned)),
            "alreadySeen": .int(Int64(report.files.skippedAlreadySeen)),
            "deferred": .int(Int64(report.files.deferred.count)),
            "quarantined": .array(quarantined),
        ])
        let records: JSONValue = .object([
            "new": .int(Int64(t.new)), "duplicate": .int(Int64(t.duplicate)), "conflict": .int(Int64(t.conflict)),
            "newVersion": .int(Int64(t.newVersion)), "rejected": .int(Int64(report.rejected.count)),
        ])
        let events: JSONValue = .object([
            "applied": .int(Int64(report.events.applied)), "failed": .int(Int64(report.events.failed.count)),
            "ignored": .int(Int64(report.events.ignored)), "backfilled": .int(Int64(report.backfilled.count)),
        ])
        let settlement: JSONValue = .object([
            "settled": .int(Int64(report.settlement.settled)), "unsettled": .int(Int64(report.settlement.unsettled)),
            "unmatchedCredits": .int(Int64(report.settlement.unmatchedCredits)),
        ])
        let bank = bankCounts
        let bankStatements: JSONValue = .object([
            "read": .int(Int64(bank.read)), "agree": .int(Int64(bank.agree)), "disagree": .int(Int64(bank.disagree)),
            "notChecked": .int(Int64(bank.notChecked)), "entriesNotBooked": .int(Int64(report.bank.notBooked.count)),
            "batchesKeptWhole": .int(Int64(report.bank.keptWhole.count)),
        ])
        let months: [JSONValue] = Set(statements.map(\.month)).sorted().map { .string($0) }
        let statementSummary: JSONValue = .object(["count": .int(Int64(statements.count)), "months": .array(months)])
        let exceptions: JSONValue = .object(exceptionCounts.map { JSONMember($0.kind, .int(Int64($0.count))) })
        let root: JSONValue = report.root.map { .string($0.hex) } ?? .null
        let parent: JSONValue = report.parentRoot.map { .string($0.hex) } ?? .null
        let duration: JSONValue = durationMs.map { .int($0) } ?? .null
        let path: JSONValue = reportPath.map { .string($0) } ?? .null
        let value: JSONValue = .object([
            "schemaVersion": .int(Self.summarySchemaVersion),
            "runId": .string(report.runID),
            "asOf": .string(Timestamp.format(report.asOf)),
            "dryRun": .bool(dryRun),
            "root": root,
            "parentRoot": parent,
            "exitCode": .int(Int64(exitStatus.rawValue)),
            "durationMs": duration,
            "bytesRead": .int(bytesRead),
            "reportPath": path,
            "files": files,
            "records": records,
            "events": events,
            "exceptions": exceptions,
            "settlement": settlement,
            "bankStatements": bankStatements,
            "statements": statementSummary,
        ])
        return String(decoding: CanonicalJSON.encode(value), as: UTF8.self)
    }
}
