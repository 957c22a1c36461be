/// Assembles the run report of SPEC §6 from what the run saw and did.
enum ReportBuilder {
    static func report(
        runID: String, config: RunConfiguration, root: ObjectID?, parent: ObjectID?, ingest: IngestResult,
        backfilled backfilledKeys: Set<RecordKey>, application: Application, reconciled: Reconciled,
        conflicts: [RunReport.Conflict] = [], resolved: [RunReport.ResolvedItem] = [],
        previousOpenItemsKnown: Bool = false, money: RunReport.Money = RunReport.Money()
    ) -> RunReport {
        let deferred = ingest.scan.skipped.compactMap { skip -> String? in
            if case .deferred(let path, _) = skip { return path } else { return nil }
        }
        var quarantined = ingest.quarantined
        for skip in ingest.scan.skipped {
            switch skip {
            case .linkNotFollowed(let path):
                quarantined.append(
                    .init(
                        path: path, sha256: nil, location: nil,
                        reason: "symbolic link to outside the inbox not followed"))
            case .unreadable(let path, let reason):
                quarantined.append(.init(path: path, sha256: nil, location: nil, reason: "cannot read: \(reason)"))
            case .deferred:
                continue
            }
        }
        var tallies: [RunReport.RecordTally] = []
        var backfilled: [RunReport.BackfilledEvent] = []
        for record in ingest.admitted {
            let key = record.key
            let outcome = record.outcome
            var counts = RunReport.RecordCounts()
            switch outcome {
            case .new: counts.new = 1
            case .duplicate: counts.duplicate = 1
            case .conflict: counts.conflict = 1
            case .newVersion: counts.newVersion = 1
            }
            // Runs of the same kind and tenant (records of one file) are summed here: the report
            // sums them anyway, a million single tallies cost a million hash-map updates.
            if let last = tallies.last, last.kind == key.kind, last.tenant == key.tenantID {
                counts += last.counts
                tallies[tallies.count - 1] = .init(kind: key.kind, tenant: key.tenantID, counts: counts)
            } else {
                tallies.append(.init(kind: key.kind, tenant: key.tenantID, counts: counts))
            }
            // A record read from a webhook file is a sighting through a webhook: not backfilled,
            // whatever else the index holds. Only list-export records are looked up: a
            // cold load's new webhook events are most of its records.
            guard record.mayBeBackfilled, backfilledKeys.contains(key), let type = record.eventType else { continue }
            backfilled.append(.init(eventID: key.id, tenant: key.tenantID, type: type))
        }
        var report = RunReport(
            runID: runID, asOf: config.asOf, root: root, parentRoot: parent,
            files: .init(
                scanned: ingest.scan.files.count, skippedAlreadySeen: ingest.alreadySeen.count, deferred: deferred,
                quarantined: quarantined),
            records: tallies,
            events: .init(applied: application.applied, failed: application.failures, ignored: application.ignored),
            backfilled: backfilled,
            rejected: ingest.rejected,
            replacedRejections: ingest.replacedRejections,
            exceptionTable: reconciled.exceptions,
            settlement: reconciled.settlement,
            bank: ingest.bank
        )
        report.conflicts = conflicts.sorted(by: RunReport.Conflict.precedes)
        report.resolved = resolved
        report.previousOpenItemsKnown = previousOpenItemsKnown
        report.money = money
        return report
    }

    /// What the report keeps of the reconciliation: every open item, aged, and the settlement counts.
    struct Reconciled {
        var exceptions: ExceptionTable
        let settlement: RunReport.Settlement
    }
}
