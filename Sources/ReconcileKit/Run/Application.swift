/// What applying this run's events did, for the report and the exit code.
struct Application: Sendable {
    private(set) var applied = 0
    private(set) var ignored = 0
    private(set) var alreadyRecorded = 0
    private(set) var retried = 0
    private(set) var failures: [RunReport.FailedEvent] = []

    init() {}

    mutating func record(_ disposition: EventDisposition, event: ProviderEvent, retry: Bool) {
        if retry { retried += 1 }
        switch disposition {
        case .processed: applied += 1
        case .ignored: ignored += 1
        case .failed(let failure):
            failures.append(
                RunReport.FailedEvent(
                    eventID: event.id, tenant: event.tenantID, lastError: failure.lastError,
                    amountCents: event.amountTotal ?? event.amountRefunded ?? event.amount, currency: event.currency,
                    advice: failure.advice))
        case .alreadyRecorded, .notRetryable: alreadyRecorded += 1
        }
    }
}

/// The counts a run's manifest records (``RunManifest``), so `reconcile log` can show them.
struct RunCounts {
    var dictionary: [String: Int64] = [:]

    init(ingest: IngestResult, application: Application) {
        dictionary["files.ingested"] = Int64(ingest.ingested.count)
        dictionary["files.seen"] = Int64(ingest.alreadySeen.count)
        dictionary["files.quarantined"] = Int64(ingest.quarantined.count)
        dictionary["files.deferred"] = Int64(
            ingest.scan.skipped.filter { if case .deferred = $0 { true } else { false } }.count)
        var byOutcome: [DedupOutcome: Int64] = [:]
        for record in ingest.admitted { byOutcome[record.outcome, default: 0] += 1 }
        for outcome in DedupOutcome.allCases { dictionary["records.\(outcome.rawValue)"] = byOutcome[outcome] ?? 0 }
        dictionary["records.rejected"] = Int64(ingest.rejected.count)
        dictionary["events.applied"] = Int64(application.applied)
        dictionary["events.failed"] = Int64(application.failures.count)
        dictionary["events.ignored"] = Int64(application.ignored)
    }
}
