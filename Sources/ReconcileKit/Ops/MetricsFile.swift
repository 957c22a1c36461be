/// The run's figures in the Prometheus text exposition format (version 0.0.4), for
/// node_exporter's textfile collector: `--metrics-file /var/lib/node_exporter/textfile/reconcile.prom`.
///
/// Every family has `# HELP` and `# TYPE` lines and a `reconcile_` prefix; all are gauges (they
/// describe the last run, not a count since process start). Label values are escaped as the
/// format requires (`\` → `\\`, `"` → `\"`, newline → `\n`). Labels never carry tenant ids or
/// other data from the inbox, only fixed vocabularies, so the series count stays small.
///
/// The file is replaced atomically (``AtomicFile``: a hidden `.tmp` name the collector ignores,
/// then rename), so the collector never reads half a file. A run that fails before committing
/// still writes the file, with its exit code and duration, and carries the previous
/// `reconcile_last_success_timestamp_seconds` over from the old file, so "no success for 26 hours"
/// alerts keep working. Times and durations are passed in: nothing here reads a clock.
package struct MetricsFile: Sendable, Equatable {
    /// One sample: labels in the order given.
    struct Sample: Sendable, Equatable {
        let labels: [(String, String)]
        let value: String

        init(_ labels: [(String, String)], _ value: String) {
            self.labels = labels
            self.value = value
        }

        init(_ value: String) { self.init([], value) }

        static func == (a: Sample, b: Sample) -> Bool {
            a.value == b.value && a.labels.map(\.0) == b.labels.map(\.0) && a.labels.map(\.1) == b.labels.map(\.1)
        }
    }

    /// A metric family: name, help text, type and samples.
    struct Family: Sendable, Equatable {
        let name: String
        let help: String
        let type: String
        let samples: [Sample]

        init(name: String, help: String, type: String, samples: [Sample]) {
            self.name = name
            self.help = help
            self.type = type
            self.samples = samples
        }
    }

    let families: [Family]

    /// A file of the given families (for tests and other tools).
    init(families: [Family]) { self.families = families }

    /// What happened to the run, for the figures that exist even when it failed.
    package struct RunStatus: Sendable {
        let exitStatus: ExitStatus
        /// Wall-clock unix seconds when the run ended (measured by the caller).
        let finishedAt: Int64
        let durationMs: Int64
        /// `reconcile_last_success_timestamp_seconds` of the previous file, if any.
        let previousSuccess: Int64?

        package init(exitStatus: ExitStatus, finishedAt: Int64, durationMs: Int64, previousSuccess: Int64?) {
            self.exitStatus = exitStatus
            self.finishedAt = finishedAt
            self.durationMs = durationMs
            self.previousSuccess = previousSuccess
        }
    }

    /// The figures of a run. `outcome` is nil when the run failed before it could report (exit 64,
    /// 70, 73, 75): then only the run-level gauges are written. A committed run (exit 0 or 1, not a
    /// dry run) is a success and sets the last-success time to `finishedAt`.
    package init(outcome: RunOutcome?, status: RunStatus) {
        let committed = outcome.map { !$0.dryRun } ?? false
        let success = committed ? status.finishedAt : status.previousSuccess
        var f: [Family] = [
            Family(
                name: "reconcile_last_run_timestamp_seconds", help: "Unix time the last run ended.",
                type: "gauge", samples: [Sample(String(status.finishedAt))]),
            Family(
                name: "reconcile_last_run_exit_code",
                help:
                    "Exit code of the last run (0 clean, 1 needs attention, 64 usage, 70 internal, 73 cannot write, 75 locked).",
                type: "gauge", samples: [Sample(String(status.exitStatus.rawValue))]),
            Family(
                name: "reconcile_last_run_duration_seconds", help: "Wall-clock duration of the last run.",
                type: "gauge", samples: [Sample(Self.seconds(milliseconds: status.durationMs))]),
        ]
        if let success {
            f.append(
                Family(
                    name: "reconcile_last_success_timestamp_seconds",
                    help: "Unix time the last run that committed ended.",
                    type: "gauge", samples: [Sample(String(success))]))
        }
        if let o = outcome {
            let r = o.report
            let t = o.totals
            f.append(
                Family(
                    name: "reconcile_last_run_dry_run", help: "1 when the last run was a dry run (nothing committed).",
                    type: "gauge", samples: [Sample(o.dryRun ? "1" : "0")]))
            f.append(
                Family(
                    name: "reconcile_last_run_files", help: "Inbox files of the last run by fate.", type: "gauge",
                    samples: [
                        Sample([("fate", "scanned")], String(r.files.scanned)),
                        Sample([("fate", "already_seen")], String(r.files.skippedAlreadySeen)),
                        Sample([("fate", "deferred")], String(r.files.deferred.count)),
                        Sample([("fate", "quarantined")], String(r.files.quarantined.count)),
                    ]))
            f.append(
                Family(
                    name: "reconcile_last_run_quarantined_files",
                    help: "Inbox files the last run could not read, decompress or parse.",
                    type: "gauge", samples: [Sample(String(r.files.quarantined.count))]))
            f.append(
                Family(
                    name: "reconcile_last_run_bytes_read", help: "Bytes of inbox files the last run read.",
                    type: "gauge", samples: [Sample(String(o.bytesRead))]))
            f.append(
                Family(
                    name: "reconcile_last_run_records", help: "Records of the last run by dedup outcome.",
                    type: "gauge",
                    samples: [
                        Sample([("outcome", "new")], String(t.new)),
                        Sample([("outcome", "duplicate")], String(t.duplicate)),
                        Sample([("outcome", "conflict")], String(t.conflict)),
                        Sample([("outcome", "new_version")], String(t.newVersion)),
                        Sample([("outcome", "rejected")], String(r.rejected.count)),
                    ]))
            f.append(
                Family(
                    name: "reconcile_last_run_events", help: "Events the last run applied, by resulting status.",
                    type: "gauge",
                    samples: [
                        Sample([("status", "processed")], String(r.events.applied)),
                        Sample([("status", "failed")], String(r.events.failed.count)),
                        Sample([("status", "ignored")], String(r.events.ignored)),
                    ]))
            f.append(
                Family(
                    name: "reconcile_last_run_backfilled_events",
                    help: "Events of the last run that arrived only through a provider export (missed webhooks).",
                    type: "gauge", samples: [Sample(String(r.backfilled.count))]))
            f.append(
                Family(
                    name: "reconcile_last_run_exceptions", help: "Reconciliation exceptions of the last run by kind.",
                    type: "gauge",
                    samples: o.exceptionCounts.map { Sample([("kind", $0.kind)], String($0.count)) }))
            f.append(
                Family(
                    name: "reconcile_last_run_settlement", help: "Bank settlement of bookings in the last run.",
                    type: "gauge",
                    samples: [
                        Sample([("state", "settled")], String(r.settlement.settled)),
                        Sample([("state", "unsettled")], String(r.settlement.unsettled)),
                        Sample([("state", "unmatched_credit")], String(r.settlement.unmatchedCredits)),
                    ]))
        }
        families = f
    }

    /// The exposition text: families in order, HELP, TYPE, samples, a final newline.
    func render() -> [UInt8] {
        var out = ""
        for family in families {
            out += "# HELP \(family.name) \(Self.escapeHelp(family.help))\n"
            out += "# TYPE \(family.name) \(family.type)\n"
            for sample in family.samples {
                out += family.name
                if !sample.labels.isEmpty {
                    out +=
                        "{" + sample.labels.map { "\($0.0)=\"\(Self.escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
                }
                out += " \(sample.value)\n"
            }
        }
        return Array(out.utf8)
    }

    /// Replaces `path` atomically with ``render()``.
    package func write(to path: String) throws(FileSystemError) {
        try AtomicFile.write(render(), to: path)
    }

    /// `reconcile_last_success_timestamp_seconds` from a metrics file written earlier, if present.
    static func previousSuccess(in bytes: [UInt8]) -> Int64? {
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix("reconcile_last_success_timestamp_seconds ") {
            return Int64(line.split(separator: " ").last ?? "")
        }
        return nil
    }

    /// Reads `path` (missing or unreadable: nil) for ``previousSuccess(in:)``.
    package static func previousSuccess(atPath path: String) -> Int64? {
        guard let bytes = try? readWholeFileIfExists(path) else { return nil }
        return previousSuccess(in: bytes)
    }

    /// Label values: backslash, double quote and line feed escaped.
    static func escapeLabel(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// HELP text: backslash and line feed escaped.
    static func escapeHelp(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Exact decimal seconds from integer milliseconds ("1.234", "0.005"), no floating point.
    static func seconds(milliseconds ms: Int64) -> String {
        let m = max(ms, 0)
        let frac = String(m % 1000)
        return "\(m / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }
}

extension MetricsFile {
    /// A worker's own figures (``NightWorker``), beside the night's: each worker writes its own file.
    package func adding(worker: NightWorker.Outcome) -> MetricsFile {
        let ranFinish: Bool
        switch worker.part {
        case .finished: ranFinish = true
        case .joined: ranFinish = false
        }
        return MetricsFile(
            families: families + [
                Family(
                    name: "reconcile_worker_files_decoded", help: "Inbox files this worker claimed and decoded.",
                    type: "gauge", samples: [Sample(String(worker.filesDecoded))]),
                Family(
                    name: "reconcile_worker_bytes_decoded", help: "Bytes of the inbox files this worker decoded.",
                    type: "gauge", samples: [Sample(String(worker.bytesDecoded))]),
                Family(
                    name: "reconcile_worker_ran_finish",
                    help: "1 when this worker ran the night's finish (dedup, apply, reconcile, commit).",
                    type: "gauge", samples: [Sample(ranFinish ? "1" : "0")]),
            ])
    }
}
