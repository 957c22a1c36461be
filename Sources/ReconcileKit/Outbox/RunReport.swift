/// What one run saw and did (SPEC §6), as plain values the integrator maps from the scan, the store
/// and the ledger. No durations and no wall-clock times: the same run renders the same bytes.
/// Every list is put in a stable order by the initialiser, whatever order the caller used.
///
/// Renderers: ``renderJSON()`` (`report.json`), ``renderMarkdown()`` (`report.md`),
/// ``renderExceptionsCSV()`` (`exceptions.csv`).
struct RunReport: Sendable, Equatable {
    let runID: String
    /// The run's `--as-of` time, unix seconds.
    let asOf: Int64
    /// The store root this run committed (nil for a dry run) and the root it replaced (nil for the first run).
    let root: ObjectID?
    let parentRoot: ObjectID?
    let files: Files
    /// Dedup counts per (kind, tenant); the renderers add them up per kind, per tenant and overall.
    let records: [RecordTally]
    let events: Events
    let backfilled: [BackfilledEvent]
    let rejected: [RejectedRecord]
    /// Records accepted in this run with the key of a record rejected before.
    let replacedRejections: [ReplacedRejection]
    /// In report order (``ReconciliationException/reportOrder(_:_:)``).
    var exceptions: [ReconciliationException] { exceptionTable.exceptions }
    /// The exceptions as the renderers read them, in report order.
    private(set) var exceptionTable: ExceptionTable
    let settlement: Settlement
    /// The bank reports' statements, non-booked entries and batches kept whole.
    let bank: Bank
    /// Every record that conflicted with a stored one, in ``Conflict/precedes(_:_:)`` order.
    var conflicts: [Conflict] = []
    /// Open items of the last run that this run no longer sees.
    var resolved: [ResolvedItem] = []
    /// Whether the run started from a state that held open items: else every exception is new.
    var previousOpenItemsKnown = false
    /// The night's control totals and roll-forward.
    var money = Money()

    init(
        runID: String, asOf: Int64, root: ObjectID?, parentRoot: ObjectID?, files: Files,
        records: [RecordTally], events: Events, backfilled: [BackfilledEvent],
        rejected: [RejectedRecord], replacedRejections: [ReplacedRejection] = [], exceptions: [ReconciliationException],
        settlement: Settlement, bank: Bank = Bank()
    ) {
        self.init(
            runID: runID, asOf: asOf, root: root, parentRoot: parentRoot, files: files, records: records,
            events: events,
            backfilled: backfilled, rejected: rejected, replacedRejections: replacedRejections,
            exceptionTable: ExceptionTable(exceptions.stablySorted(by: ReconciliationException.reportOrder)),
            settlement: settlement, bank: bank)
    }

    /// - Parameter exceptionTable: in report order (``ExceptionTable/sortInReportOrder()``).
    init(
        runID: String, asOf: Int64, root: ObjectID?, parentRoot: ObjectID?, files: Files, records: [RecordTally],
        events: Events,
        backfilled: [BackfilledEvent], rejected: [RejectedRecord], replacedRejections: [ReplacedRejection] = [],
        exceptionTable: consuming ExceptionTable, settlement: Settlement, bank: Bank = Bank()
    ) {
        self.runID = runID
        self.asOf = asOf
        self.root = root
        self.parentRoot = parentRoot
        self.files = files
        self.records = RecordTally.merged(records)
        self.events = events
        self.backfilled = backfilled.sorted { ($0.tenant, $0.eventID) < ($1.tenant, $1.eventID) }
        self.rejected = rejected.sorted { a, b in
            if a.file != b.file { return a.file.utf8Precedes(b.file) }
            if a.location.byteOffset != b.location.byteOffset { return a.location.byteOffset < b.location.byteOffset }
            return a.reason < b.reason
        }
        self.replacedRejections = replacedRejections.sorted { a, b in
            if a.key != b.key { return a.key < b.key }
            if a.rejectedRunID != b.rejectedRunID { return a.rejectedRunID < b.rejectedRunID }
            if a.rejectedFile != b.rejectedFile { return a.rejectedFile.utf8Precedes(b.rejectedFile) }
            return a.rejectedLocation.byteOffset < b.rejectedLocation.byteOffset
        }
        self.exceptionTable = exceptionTable
        self.settlement = settlement
        self.bank = bank
    }
}

extension RunReport {
    /// This report with `extra` exceptions added, in report order: the outbox adds its own
    /// (``SkippedStatement``) while writing.
    func adding(exceptions extra: [ReconciliationException]) -> RunReport {
        var report = self
        guard !extra.isEmpty else { return report }
        for e in extra { report.exceptionTable.append(e) }
        report.exceptionTable.sortInReportOrder()
        return report
    }
}

extension RunReport {
    /// Inbox files by what happened to them.
    struct Files: Sendable, Equatable {
        /// Files read and parsed in this run (quarantined ones included).
        let scanned: Int
        /// Files whose exact bytes were ingested by an earlier run.
        let skippedAlreadySeen: Int
        /// Relative paths of files younger than `--settle`, left for a later run, in byte order.
        let deferred: [String]
        let quarantined: [QuarantinedFile]

        init(scanned: Int, skippedAlreadySeen: Int, deferred: [String], quarantined: [QuarantinedFile]) {
            self.scanned = scanned
            self.skippedAlreadySeen = skippedAlreadySeen
            self.deferred = deferred.sorted { $0.utf8Precedes($1) }
            self.quarantined = quarantined.sorted { $0.path.utf8Precedes($1.path) }
        }
    }

    /// A file nothing was applied from (SPEC §2): it could not be read, decompressed or parsed, and
    /// is tried again on later runs while it stays in the inbox.
    struct QuarantinedFile: Sendable, Equatable {
        /// Relative to the inbox.
        let path: String
        /// The SHA-256 of the file's bytes; nil when it could not be read at all.
        let sha256: ObjectID?
        /// Where the problem is, when it has a place.
        let location: Location?
        /// Names the problem, never the data ("invalid UTF-8", "JSON nesting deeper than 64").
        let reason: String

        init(path: String, sha256: ObjectID?, location: Location?, reason: String) {
            self.path = path
            self.sha256 = sha256
            self.location = location
            self.reason = reason
        }
    }

    /// Dedup outcomes of the records of one kind and one tenant.
    struct RecordTally: Sendable, Equatable {
        let kind: RecordKind
        let tenant: TenantID
        let counts: RecordCounts

        init(kind: RecordKind, tenant: TenantID, counts: RecordCounts) {
            self.kind = kind
            self.tenant = tenant
            self.counts = counts
        }

        /// One tally per (kind, tenant), summed, in (kind, tenant) order.
        static func merged(_ tallies: [RecordTally]) -> [RecordTally] {
            var sums: [RecordKey: RecordCounts] = [:]
            for t in tallies { sums[RecordKey(kind: t.kind, tenantID: t.tenant, id: ""), default: .zero] += t.counts }
            return sums.keys.sorted().map { RecordTally(kind: $0.kind, tenant: $0.tenantID, counts: sums[$0]!) }
        }
    }

    struct RecordCounts: Sendable, Equatable {
        var new: Int
        var duplicate: Int
        var conflict: Int
        /// Snapshots only: a known key with different content (SPEC §3.2).
        var newVersion: Int

        init(new: Int = 0, duplicate: Int = 0, conflict: Int = 0, newVersion: Int = 0) {
            self.new = new
            self.duplicate = duplicate
            self.conflict = conflict
            self.newVersion = newVersion
        }

        static let zero = RecordCounts()
        var total: Int { new + duplicate + conflict + newVersion }

        static func += (a: inout RecordCounts, b: RecordCounts) {
            a.new += b.new
            a.duplicate += b.duplicate
            a.conflict += b.conflict
            a.newVersion += b.newVersion
        }
    }

    /// Outcomes of applying the run's new events (and retried ones) to the ledger.
    struct Events: Sendable, Equatable {
        let applied: Int
        let failed: [FailedEvent]
        /// Event types the ledger does not act on (SPEC §3.1), recorded only.
        let ignored: Int

        init(applied: Int, failed: consuming [FailedEvent], ignored: Int) {
            self.applied = applied
            self.failed = (consume failed).stablySorted { ($0.tenant, $0.eventID) < ($1.tenant, $1.eventID) }
            self.ignored = ignored
        }
    }

    struct FailedEvent: Sendable, Equatable {
        let eventID: String
        let tenant: TenantID
        /// The ledger's message ("Unknown tenant"); never customer data.
        let lastError: String
        /// The money the event carries (a checkout's total, a refund's amount), when it gives one:
        /// money taken from customers that no statement shows.
        var amountCents: Cents? = nil
        var currency: String? = nil
        /// What fixes it; says when `reconcile retry` cannot help.
        var advice: String = ""

        init(
            eventID: String, tenant: TenantID, lastError: String, amountCents: Cents? = nil, currency: String? = nil,
            advice: String = ""
        ) {
            self.eventID = eventID
            self.tenant = tenant
            self.lastError = lastError
            self.amountCents = amountCents
            self.currency = currency
            self.advice = advice
        }
    }

    /// An event that reached the store only through a provider list export: a missed webhook.
    struct BackfilledEvent: Sendable, Equatable {
        let eventID: String
        let tenant: TenantID
        let type: String

        init(eventID: String, tenant: TenantID, type: String) {
            self.eventID = eventID
            self.tenant = tenant
            self.type = type
        }
    }

    /// A bad record inside a good file, rejected alone. Its raw bytes are in the store under
    /// `objectID` (never in the report: they are customer data).
    struct RejectedRecord: Sendable, Equatable {
        let file: String
        let location: Location
        let reason: String
        /// The store object holding the record's raw bytes; nil when they were not kept.
        let objectID: ObjectID?
        /// The key the raw bytes name, when they can be read.
        let key: RecordKey?

        init(file: String, location: Location, reason: String, objectID: ObjectID? = nil, key: RecordKey? = nil) {
            self.file = file
            self.location = location
            self.reason = reason
            self.objectID = objectID
            self.key = key
        }
    }

}

extension RunReport.RejectedRecord {
    /// Where a log line says the raw bytes are: the object id, never the bytes.
    var keptNote: String { objectID.map { " (raw bytes kept as object \($0.short))" } ?? "" }
}

extension RunReport {
    /// A record accepted in this run with the key of a record rejected before it: the fixed
    /// re-delivery of a bad record.
    struct ReplacedRejection: Sendable, Equatable {
        let key: RecordKey
        /// The accepted record's object.
        let objectID: ObjectID
        let rejectedObjectID: ObjectID?
        let rejectedRunID: String
        let rejectedFile: String
        let rejectedLocation: Location
        let rejectedReason: String

        init(
            key: RecordKey, objectID: ObjectID, rejectedObjectID: ObjectID?, rejectedRunID: String,
            rejectedFile: String,
            rejectedLocation: Location, rejectedReason: String
        ) {
            self.key = key
            self.objectID = objectID
            self.rejectedObjectID = rejectedObjectID
            self.rejectedRunID = rejectedRunID
            self.rejectedFile = rejectedFile
            self.rejectedLocation = rejectedLocation
            self.rejectedReason = rejectedReason
        }

        /// `rejected`, replaced by the record of `key` stored as `objectID`.
        init(key: RecordKey, objectID: ObjectID, rejected: RejectedLog.Entry) {
            self.init(
                key: key, objectID: objectID, rejectedObjectID: rejected.objectID, rejectedRunID: rejected.runID,
                rejectedFile: rejected.path, rejectedLocation: rejected.location, rejectedReason: rejected.reason)
        }
    }

    /// Bank-credit settlement of bookings (SPEC §3.3).
    struct Settlement: Sendable, Equatable {
        let settled: Int
        let unsettled: Int
        /// Credits that name no booking.
        let unmatchedCredits: Int

        init(settled: Int, unsettled: Int, unmatchedCredits: Int) {
            self.settled = settled
            self.unsettled = unsettled
            self.unmatchedCredits = unmatchedCredits
        }
    }
}
