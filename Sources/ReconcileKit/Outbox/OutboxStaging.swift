/// One run's outbox, staged while the run builds it and put in place by ``finish(report:months:)``
/// with ``OutboxWriter``'s guarantees. Statements are rendered to their temporary files as they
/// are staged, a batch at a time, so a run never holds all of them; the month files and the run's
/// own files are staged by `finish`, then everything is renamed (statements, month files, run
/// files) and `runs/latest` replaced. A run stages its statements before its commit and finishes
/// after it; ``discard()`` removes what is staged. Temporary files a killed run left are removed
/// when a later batch stages into their folder (``AtomicBatch``).
struct OutboxStaging {
    let writer: OutboxWriter
    let stamp: CommissionStatement.GenerationStamp
    private var batch = AtomicBatch()
    private var entries: [OutboxWriteResult.Entry] = []
    /// Statements that cannot be named in the outbox: listed, never written.
    private(set) var skipped: [SkippedStatement] = []
    /// Every statement staged or found unchanged, in staging order.
    private(set) var statements: [StatementID] = []
    private var monthEntries: [String: [MonthIndex.Entry]] = [:]
    /// Months with a statement in scope: their index and summary are compared.
    private var monthsInScope = Set<String>()

    /// Staging for the run `runID`; a run id that cannot be a folder name stages nothing.
    init(writer: OutboxWriter, runID: String, asOf: Int64) throws(OutboxError) {
        if let problem = OutboxPath.problem(with: runID, reserved: ["latest"]) {
            throw .invalidName(.runID, runID, problem)
        }
        self.writer = writer
        stamp = CommissionStatement.GenerationStamp(asOf: asOf, runID: runID)
    }

    /// Stages the files of `statements` that `scope` names and may have changed; the others are
    /// listed as unchanged, unread. Batches come in the outbox's order (month, then tenant); a
    /// statement staged twice is a bug of the caller and throws.
    mutating func stage(_ statements: [CommissionStatement], scope: StatementScope) throws(OutboxError) {
        let sorted = try OutboxWriter.sortOut(statements)
        skipped += sorted.skipped
        let ordered = sorted.writable.sorted { ($0.month, $0.tenantID) < ($1.month, $1.tenantID) }
        for s in ordered {
            let id = StatementID(tenant: s.tenantID, month: s.month)
            if let last = self.statements.last, !(last < id) {
                throw .duplicateStatement(tenant: s.tenantID, month: s.month)
            }
            self.statements.append(id)
            monthEntries[s.month, default: []].append(
                .init(tenantID: s.tenantID, tenantName: s.tenantName, currency: s.currency, totals: s.totals))
            if scope.includes(s) { monthsInScope.insert(s.month) }
        }
        do throws(FileSystemError) {
            entries += try writer.stageStatements(ordered, scope: scope, stamp: stamp, in: &batch)
        } catch {
            batch.discard()
            throw .file(error)
        }
    }

    /// Stages the month files and the run's files, then puts everything in place. `months`, when
    /// given, are the month indexes to write; otherwise those of the staged statements' months in
    /// scope, from the staged statements. `report` is written as given.
    mutating func finish(report: RunReport, months: [MonthIndex]?) throws(OutboxError) -> OutboxWriteResult {
        let indexes = months ?? monthsInScope.sorted().map { MonthIndex(month: $0, entries: monthEntries[$0]!) }
        let jobs = writer.jobs
        do throws(FileSystemError) {
            entries += try writer.stageMonthFiles(indexes, in: &batch)
            let runFolder = "runs/\(report.runID)"
            // Streamed to their temporary files while rendered: the three can be large.
            let runFiles: [(String, (inout ByteOutput) -> Void)] = [
                ("exceptions.csv", { report.renderExceptionsCSV(to: &$0, jobs: jobs) }),
                ("report.md", { report.renderMarkdown(to: &$0) }),
                ("report.json", { report.renderJSON(to: &$0, jobs: jobs) }),
            ]
            for (name, render) in runFiles {
                let relative = "\(runFolder)/\(name)"
                entries.append(
                    .init(
                        path: relative, outcome: try batch.stageIfChanged(to: writer.absolute(relative), render: render)
                    ))
            }
            try batch.commit()
            try AtomicFile.replaceSymlink(at: writer.absolute("runs/latest"), pointingTo: report.runID)
            return OutboxWriteResult(files: entries, latest: runFolder, skipped: skipped, report: report)
        } catch {
            batch.discard()
            throw .file(error)
        }
    }

    /// Removes every temporary file staged and not yet in place.
    mutating func discard() {
        batch.discard()
    }
}
