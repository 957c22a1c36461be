/// What a finished run tells its caller: the report, the exit status, and summaries for a person
/// (text) and for a scheduler (JSON, `schemaVersion` 1, documented in docs/run-summary.md).
public struct RunOutcome: Sendable {
    public let report: RunReport
    public let statements: [CommissionStatement]
    public let published: OutboxWriteResult?
    public let dryRun: Bool
    public let outbox: String

    public var quarantinedCount: Int { report.files.quarantined.count }
    public var failedCount: Int { report.events.failed.count }
    public var rejectedCount: Int { report.rejected.count }

    /// SPEC §8: 1 when the run committed but something needs a person's attention.
    public var exitStatus: ExitStatus {
        quarantinedCount > 0 || failedCount > 0 || rejectedCount > 0 ? .attention : .clean
    }

    /// Lines for stderr: each quarantined file, rejected record and failed event, no customer data.
    public var warnings: [String] {
        var lines: [String] = []
        for q in report.files.quarantined {
            lines.append("quarantined '\(q.path)'\(q.location.map { " at \($0)" } ?? ""): \(q.reason)")
        }
        for r in report.rejected {
            lines.append("rejected record in '\(r.file)' at \(r.location): \(r.reason)")
        }
        for f in report.events.failed {
            lines.append("event \(f.eventID) of \(f.tenant) FAILED: \(f.lastError)")
        }
        return lines
    }

    var totals: RunReport.RecordCounts {
        var sum = RunReport.RecordCounts()
        for tally in report.records { sum += tally.counts }
        return sum
    }

    public var summaryText: String {
        let t = totals
        let f = report.files
        var exceptionCounts: [String: Int] = [:]
        for e in report.exceptions { exceptionCounts[e.kind.rawValue, default: 0] += 1 }
        let exceptionText = exceptionCounts.isEmpty ? "none" :
            exceptionCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        var lines = [
            dryRun ? "reconcile \(report.runID): dry run, nothing committed" :
                "reconcile \(report.runID): committed root \(report.root?.short ?? "-")",
            "  files      \(f.scanned) scanned, \(f.skippedAlreadySeen) already seen, \(f.deferred.count) deferred, \(f.quarantined.count) quarantined",
            "  records    \(t.new) new, \(t.duplicate) duplicate, \(t.conflict) conflict, \(t.newVersion) new version, \(report.rejected.count) rejected",
            "  events     \(report.events.applied) applied, \(report.events.failed.count) failed, \(report.events.ignored) ignored, \(report.backfilled.count) backfilled",
            "  bank       \(report.settlement.settled) settled, \(report.settlement.unsettled) unsettled, \(report.settlement.unmatchedCredits) unmatched credits",
            "  exceptions \(exceptionText)",
        ]
        if published != nil {
            lines.append("  report     \(outbox)/runs/\(report.runID)/report.md")
            lines.append("  statements \(statements.count) (\(Set(statements.map(\.month)).count) months)")
        }
        return lines.joined(separator: "\n")
    }

    public var summaryJSON: String {
        let t = totals
        var exceptionCounts: [String: Int64] = [:]
        for e in report.exceptions { exceptionCounts[e.kind.rawValue, default: 0] += 1 }
        let value: JSONValue = .object([
            "schemaVersion": .int(1),
            "runId": .string(report.runID),
            "asOf": .string(Timestamp.format(report.asOf)),
            "dryRun": .bool(dryRun),
            "root": report.root.map { .string($0.hex) } ?? .null,
            "parentRoot": report.parentRoot.map { .string($0.hex) } ?? .null,
            "exitCode": .int(Int64(exitStatus.rawValue)),
            "files": .object([
                "scanned": .int(Int64(report.files.scanned)),
                "alreadySeen": .int(Int64(report.files.skippedAlreadySeen)),
                "deferred": .int(Int64(report.files.deferred.count)),
                "quarantined": .array(report.files.quarantined.map { q in
                    .object([
                        "path": .string(q.path),
                        "sha256": q.sha256.map { .string($0.hex) } ?? .null,
                        "line": q.location?.line.map { .int(Int64($0)) } ?? .null,
                        "byteOffset": q.location.map { .int(Int64($0.byteOffset)) } ?? .null,
                        "reason": .string(q.reason),
                    ])
                }),
            ]),
            "records": .object([
                "new": .int(Int64(t.new)), "duplicate": .int(Int64(t.duplicate)), "conflict": .int(Int64(t.conflict)),
                "newVersion": .int(Int64(t.newVersion)), "rejected": .int(Int64(report.rejected.count)),
            ]),
            "events": .object([
                "applied": .int(Int64(report.events.applied)), "failed": .int(Int64(report.events.failed.count)),
                "ignored": .int(Int64(report.events.ignored)), "backfilled": .int(Int64(report.backfilled.count)),
            ]),
            "exceptions": .object(exceptionCounts.map { JSONMember($0.key, .int($0.value)) }),
            "settlement": .object([
                "settled": .int(Int64(report.settlement.settled)), "unsettled": .int(Int64(report.settlement.unsettled)),
                "unmatchedCredits": .int(Int64(report.settlement.unmatchedCredits)),
            ]),
        ])
        return String(decoding: CanonicalJSON.encode(value), as: UTF8.self)
    }
}
