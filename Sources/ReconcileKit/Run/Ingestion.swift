import Dispatch
import Synchronization

/// A record that met the index in this run, as the report counts it: a million of them are held
/// until the report, so nothing else is kept here. The bytes of the new ones go to the night's
/// database transaction; the new events wait in ``IngestResult/newEvents``.
struct AdmittedRecord: Sendable {
    let key: RecordKey
    let outcome: DedupOutcome
    /// Events: their `type` (the report lists backfilled events with it).
    let eventType: String?
    /// Read from a provider list export: only such a new event can be backfilled (reached the
    /// store through no webhook), so the report looks up no other record's sightings.
    let fromListExport: Bool

    /// A new event read from a list export: the only record the report asks whether it was
    /// backfilled, and so the only one whose sightings a run keeps after storing them.
    var mayBeBackfilled: Bool { outcome == .new && key.kind == .event && fromListExport }
}

extension AdmittedRecord: Spillable {
    func spill(into encoder: inout SpillEncoder) {
        encoder.put(key.kind.rawValue)
        encoder.put(key.tenantID.rawValue)
        encoder.put(key.id)
        encoder.put(outcome.rawValue)
        encoder.put(eventType)
        encoder.put(fromListExport)
    }

    init(from decoder: inout SpillDecoder) {
        let kind = RecordKind(rawValue: decoder.string())!
        key = RecordKey(kind: kind, tenantID: TenantID(decoder.string()), id: decoder.string())
        outcome = DedupOutcome(rawValue: decoder.string())!
        eventType = decoder.optionalString()
        fromListExport = decoder.bool()
    }
}

/// A file read and decoded in this run.
struct IngestedInput: Sendable {
    let file: InboxFile
    let sha256: ObjectID
    let records: Int
}

/// What reading the inbox produced: files by fate, records by outcome, the objects to store.
struct IngestResult: Sendable {
    var scan = InboxScan()
    var alreadySeen: [InboxFile] = []
    /// Bytes of the files known by their unchanged stamp, which were not read.
    var bytesUnread: Int64 = 0
    /// The stamps of the files read whose bytes are now ingested, to remember (``FileStamp``).
    var stamps: [FileStampTable.Entry] = []
    var ingested: [IngestedInput] = []
    /// Files that could not be read, decompressed or parsed: tried again on later runs while they
    /// stay in the inbox.
    var quarantined: [RunReport.QuarantinedFile] = []
    var rejected: [RunReport.RejectedRecord] = []
    /// Every rejection so far, this run's added; the run commits it.
    var rejectedLog = RejectedLog()
    /// Records accepted in this run with the key of a record rejected before (SPEC §2).
    var replacedRejections: [RunReport.ReplacedRejection] = []
    /// Bank reports' statements, non-booked entries and batches kept whole, in scan order.
    var bank = RunReport.Bank()
    /// Every record met, in scan order; past 65,536 they wait in a temporary file.
    var admitted = SpillList<AdmittedRecord>()
    /// The records that conflicted with a stored one (the report lists them).
    var conflicts: [ConflictInput] = []
    /// New tenant records, which the bank reports' decoder reads before the night's objects are
    /// flushed to the database (without a database: every new record but the events). Everything
    /// else is read back from the database.
    var newObjects: [ObjectID: [UInt8]] = [:]
    /// Every new event, in admission order (the runner applies them, read back from their objects
    /// a chunk at a time: a first run's million events are not held decoded).
    var newEvents: [PendingEvent] = []
    /// New events whose canonical bytes could not be read back as an event (none, unless a
    /// decoder is broken: the run stops with an internal error).
    var unreadableEvents: [RecordKey] = []
}

/// A new event as a night holds it until it is applied: its place in application order and the
/// object that holds it.
struct PendingEvent: Sendable {
    let order: ApplicationKey
    let object: ObjectID
}

/// Reads the files of a scan in parallel, then meets their records with the index in scan order,
/// so the result does not depend on `--jobs`. JSON inputs go first: bank reports need the IBANs of
/// tenants that may arrive in the same run.
struct Ingestion: Sendable {
    let runID: String
    let limits: Limits
    let jobs: Int
    /// Counts files, bytes and records as they are read, for the progress line (ops).
    var progress: RunProgress?
    /// What the night's workers made of a file, read from the state instead of the inbox (nil:
    /// read it here).
    var staged: (@Sendable (InboxFile) -> FileResult?)?

    init(runID: String, limits: Limits, jobs: Int) {
        self.runID = runID
        self.limits = limits
        self.jobs = jobs
    }

    enum FileResult: Sendable {
        /// Bytes ingested before: read and hashed (`sha`), or known by an unchanged stamp (nil).
        case seen(sha: ObjectID?)
        case decoded(sha: ObjectID, content: DecodedContent)
        /// A bank report, decoded once the JSON files are admitted (``ingest``): only its hash is
        /// kept until then, so a night holds no bank report's bytes while it reads the rest.
        case bank(sha: ObjectID)
        case failed(sha: ObjectID?, DecodeFailure)

        /// The file's SHA-256, when its bytes were read.
        var sha: ObjectID? {
            switch self {
            case .seen(let sha), .failed(let sha, _): sha
            case .decoded(let sha, _), .bank(let sha): sha
            }
        }
    }

    /// Each file's record keys are looked up in `night`'s database before its records are admitted
    /// (``NightState/prefetch(_:into:)``), and each new record's bytes go to it as the record is
    /// admitted, and so do the raw bytes of each record rejected inside a good file; without a
    /// night, `index` is all there is. `rejected` is the log of earlier rejections, which the
    /// result carries on with this run's.
    /// A file whose stamp equals the one `stamps` holds for its path, for bytes already ingested, is
    /// not read. `tenants` gives the tenants the bank reports' entries are matched with, from the
    /// index and the new records' bytes (``IngestResult/newObjects``) once every JSON file is admitted.
    func ingest(
        _ scan: InboxScan, index: inout RecordIndex, rejected: RejectedLog = RejectedLog(), night: NightState? = nil,
        stamps: [String: FileStampTable.Entry] = [:],
        tenants: (RecordIndex, [ObjectID: [UInt8]]) -> TenantDirectory
    ) throws -> IngestResult {
        var result = IngestResult()
        result.scan = scan
        result.rejectedLog = rejected
        let decoder = ContentDecoder(limits: limits)
        // Only the ingested files go to the decoding threads: holding the whole index here would make
        // the first admission copy it (copy-on-write).
        let ingestedFiles = index.files
        let progress = self.progress
        progress?.scanned(files: scan.files.count)
        let staged = self.staged
        let decodeFile: @Sendable (InboxFile) -> FileResult = { file in
            if Self.unchanged(file, stamps: stamps, ingested: { ingestedFiles[$0] != nil }) {
                progress?.read(bytes: 0)
                return .seen(sha: nil)
            }
            // Decoded by a worker of the night (``NightWorker``): its bytes as that worker read them.
            if let result = staged?(file) {
                progress?.read(bytes: file.size)
                if let sha = result.sha, ingestedFiles[sha] != nil { return .seen(sha: sha) }
                return result
            }
            let result = Self.read(file, decoder: decoder, ingested: { ingestedFiles[$0] != nil })
            progress?.read(bytes: file.size)
            if case .decoded(_, let content) = result { progress?.decoded(records: content.records.count) }
            return result
        }
        var bankFiles: [(file: InboxFile, sha: ObjectID)] = []
        var claimed = Set<ObjectID>()
        // The stamp of a file read now, whose bytes are ingested, is remembered once it has settled.
        func remember(_ file: InboxFile, _ sha: ObjectID) {
            guard file.stamp.isSettled(at: scan.scannedAt) else { return }
            result.stamps.append(FileStampTable.Entry(path: file.relativePath, stamp: file.stamp, file: sha))
        }
        var sizing = TableSizing(files: scan.files, startsEmpty: index.keys.isEmpty)
        // The first database error stops the admissions (the pipeline's consumer cannot throw).
        var failure: (any Error)?
        // Files are admitted in scan order while later ones decode; at most `jobs` decoded files
        // are held at once, the one being admitted included (memory: decoded large files are most
        // of a cold load's peak).
        // Admitting a file takes longer than decoding the next.
        OrderedPipeline.run(scan.files, jobs: jobs, window: jobs, decodeFile) { i, fileResult in
            let file = scan.files[i]
            guard failure == nil else { return }
            switch fileResult {
            case .seen(let sha):
                result.alreadySeen.append(file)
                if let sha { remember(file, sha) } else { result.bytesUnread += file.size }
            case .failed(let sha, let failure):
                result.quarantined.append(quarantine(file, sha, failure))
            case .bank(let sha):
                bankFiles.append((file, sha))
            case .decoded(let sha, let content):
                // The same bytes under two names in one run are read once.
                if !claimed.insert(sha).inserted {
                    result.alreadySeen.append(file)
                    remember(file, sha)
                    return
                }
                if let estimate = sizing.estimate(recordsIn: content.records.count, fileAt: i) {
                    // No more than the night's index holds before it is written early.
                    index.reserveCapacity(
                        min(index.keys.count + estimate, night.map { $0.spillAfter + 65_536 } ?? .max))
                }
                do { try admit(content, file: file, sha: sha, index: &index, night: night, into: &result) } catch {
                    failure = error
                }
                remember(file, sha)
            }
        }
        if let failure { throw failure }
        if !bankFiles.isEmpty {
            // Read again and decoded a few at a time, like the JSON files: the tenants' accounts
            // are all known now. A report whose bytes changed since the first read waits for the
            // next run.
            var bankDecoder = decoder
            bankDecoder.tenants = tenants(index, result.newObjects)
            let decodeReport: @Sendable ((file: InboxFile, sha: ObjectID)) -> FileResult = { [bankDecoder] bank in
                let input: Input
                switch Input.read(bank.file, decoder: bankDecoder, unlessIngested: { _ in false }) {
                case .failure(let failure): return .failed(sha: failure.sha, failure.failure)
                case .success(.known): preconditionFailure("nothing is known here")
                case .success(.read(let read)): input = read
                }
                guard input.sha == bank.sha else {
                    return .failed(
                        sha: input.sha,
                        DecodeFailure(FileSystemError(.changed, path: bank.file.absolutePath, errno: 0).description))
                }
                return input.decoded(by: bankDecoder)
            }
            OrderedPipeline.run(bankFiles, jobs: jobs, window: jobs + 1, decodeReport) { i, fileResult in
                let (file, sha) = bankFiles[i]
                guard failure == nil else { return }
                switch fileResult {
                case .decoded(_, let content):
                    if !claimed.insert(sha).inserted {
                        result.alreadySeen.append(file)
                        remember(file, sha)
                        return
                    }
                    do { try admit(content, file: file, sha: sha, index: &index, night: night, into: &result) } catch {
                        failure = error
                    }
                    remember(file, sha)
                case .failed(let sha, let failure):
                    result.quarantined.append(quarantine(file, sha, failure))
                default:
                    preconditionFailure("bank files decode or fail")
                }
            }
            if let failure { throw failure }
        }
        return result
    }

    /// Whether `file`'s stamp is the one `stamps` remembers for its path, for bytes ingested before:
    /// then it is not read (``FileStamp``).
    static func unchanged(
        _ file: InboxFile, stamps: [String: FileStampTable.Entry], ingested: (ObjectID) -> Bool
    ) -> Bool {
        guard let known = stamps[file.relativePath] else { return false }
        return known.stamp == file.stamp && ingested(known.file)
    }

    /// A file read, hashed and decoded, unless its bytes were ingested before (`ingested`). A bank
    /// report is only hashed: it is decoded once every tenant is admitted.
    static func read(_ file: InboxFile, decoder: ContentDecoder, ingested: (ObjectID) -> Bool) -> FileResult {
        let input: Input
        switch Input.read(file, decoder: decoder, unlessIngested: ingested) {
        case .failure(let failure): return .failed(sha: failure.sha, failure.failure)
        case .success(.known(let sha, _)): return .seen(sha: sha)
        case .success(.read(let read)): input = read
        }
        if input.content.isBankReport { return .bank(sha: input.sha) }
        return input.decoded(by: decoder)
    }

    private func quarantine(_ file: InboxFile, _ sha: ObjectID?, _ failure: DecodeFailure) -> RunReport.QuarantinedFile
    {
        RunReport.QuarantinedFile(
            path: file.relativePath, sha256: sha, location: failure.location, reason: failure.reason)
    }

    /// A file's bytes as read and hashed, with their compression taken off (``ContentDecoder/plain(_:)``).
    struct Input {
        let sha: ObjectID
        let size: Int64
        let content: ContentDecoder.PlainContent

        enum Outcome {
            /// Bytes already ingested: not inflated.
            case known(sha: ObjectID, size: Int64)
            case read(Input)
        }

        struct Failure: Error {
            let sha: ObjectID?
            let failure: DecodeFailure
        }

        static func read(
            _ file: InboxFile, decoder: ContentDecoder, unlessIngested ingested: (ObjectID) -> Bool
        ) -> Result<Outcome, Failure> {
            let bytes: [UInt8]
            do { bytes = try readWholeFile(file.absolutePath) } catch {
                return .failure(Failure(sha: nil, failure: DecodeFailure(error.description)))
            }
            let sha = ObjectID(digestOf: bytes)
            let size = Int64(bytes.count)
            if ingested(sha) { return .success(.known(sha: sha, size: size)) }
            do throws(DecodeFailure) {
                return .success(.read(Input(sha: sha, size: size, content: try decoder.plain(bytes))))
            } catch {
                return .failure(Failure(sha: sha, failure: error))
            }
        }

        func decoded(by decoder: ContentDecoder) -> FileResult {
            do throws(DecodeFailure) {
                return .decoded(sha: sha, content: try decoder.decode(content))
            } catch {
                return .failed(sha: sha, error)
            }
        }
    }

    private func admit(
        _ record: borrowing Record, source: SourceFormat, path: String, fileSHA256: ObjectID,
        index: inout RecordIndex, night: NightState?, into result: inout IngestResult
    ) throws {
        let location = record.location
        let (outcome, store) = index.admit(record) { outcome, objectID in
            Sighting(
                runID: runID, path: path, fileSHA256: fileSHA256, line: location.line,
                byteOffset: location.byteOffset, objectID: objectID, outcome: outcome, source: source)
        }
        if store {
            // With a database, only tenants (the bank reports' decoder reads them mid-ingestion):
            // a cold load's million platform bookings and bank entries are read back from it.
            if record.key.kind == .tenant || (night == nil && record.key.kind != .event) {
                result.newObjects[record.objectID] = record.canonical
            }
            try night?.add(object: record.canonical)
        }
        if outcome != .conflict, !result.rejectedLog.isEmpty {
            let replacement = RejectedLog.Replacement(
                objectID: record.objectID, runID: runID, path: path, location: location)
            for entry in result.rejectedLog.replace(record.key, by: replacement) {
                result.replacedRejections.append(
                    RunReport.ReplacedRejection(key: record.key, objectID: record.objectID, rejected: entry))
            }
        }
        var eventType: String? = nil
        if record.key.kind == .event {
            let event = try? record.providerEvent()
            eventType = event?.type
            if outcome == .new {
                if let event {
                    result.newEvents.append(PendingEvent(order: ApplicationKey(event), object: record.objectID))
                } else {
                    result.unreadableEvents.append(record.key)
                }
            }
        }
        if outcome == .conflict {
            let money = (try? JSONParser().parse(record.canonical)).map {
                ConflictListing.money(kind: record.key.kind, canonical: $0)
            }
            result.conflicts.append(
                ConflictInput(
                    key: record.key, path: path, location: location, amount: money?.amount ?? nil,
                    currency: money?.currency ?? nil, stored: index.entry(record.key)?.first))
        }
        try result.admitted.append(
            AdmittedRecord(
                key: record.key, outcome: outcome, eventType: eventType,
                fromListExport: source == .listExport))
    }

    private func admit(
        _ content: DecodedContent, file: InboxFile, sha: ObjectID, index: inout RecordIndex,
        night: NightState?, into result: inout IngestResult
    ) throws {
        if let notes = content.bankNotes { try result.bank.add(notes, file: file.relativePath) }
        for rejected in content.rejected {
            let objectID = rejected.raw.map { ObjectID(digestOf: $0) }
            let entry = RejectedLog.Entry(
                runID: runID, path: file.relativePath, fileSHA256: sha, location: rejected.location,
                reason: rejected.reason, objectID: objectID, key: rejected.key)
            if result.rejectedLog.add(entry), let raw = rejected.raw {
                try night?.add(object: raw)
            }
            result.rejected.append(
                RunReport.RejectedRecord(
                    file: file.relativePath, location: rejected.location, reason: rejected.reason,
                    objectID: objectID, key: rejected.key))
        }
        // Each record is read where it lies: a copy of a record copies its event's ~20 fields.
        try night?.prefetch(content.records.lazy.map(\.key), into: &index)
        try content.records.withUnsafeBufferPointer { records in
            for i in records.indices {
                try admit(
                    records[i], source: content.source, path: file.relativePath, fileSHA256: sha, index: &index,
                    night: night, into: &result)
            }
        }
        index.markIngested(IngestedFile(sha256: sha, path: file.relativePath, runID: runID))
        result.ingested.append(
            IngestedInput(
                file: file, sha256: sha, records: content.records.count))
        try night?.spillIfFull(&index, runID: runID)
    }
}
