/// Writes one run's report and the month statements into the outbox (SPEC §6):
///
///     <root>/runs/<runId>/report.json, report.md, exceptions.csv
///     <root>/statements/<YYYY-MM>/<tenantId>.csv, .json, .html
///     <root>/statements/<YYYY-MM>/index.html, summary.csv     (every tenant of the month)
///     <root>/runs/latest -> <runId>
///
/// Every file is replaced atomically, all of them in one ``AtomicBatch``: every temporary file is
/// written first, then one durability barrier (`syncfs`), then the renames and one fsync per
/// folder. Every name taken from data is validated before anything is written, so nothing can land
/// outside `root`: a bad run id writes nothing; a statement whose tenant id or month cannot be a
/// path component is skipped (``SkippedStatement``) and everything else is written, the report
/// listing the skipped one as a `statement_not_written` exception. Rename order: statements, month
/// files, then the run's files; `runs/latest` is replaced only after all of them are renamed and
/// their folders fsynced, so `latest` only ever names a complete run folder.
///
/// A statement keeps its generation stamp (as-of time and run id in the JSON and HTML footers)
/// while its content stays the same: the writer re-renders it with the stamp recorded in the
/// existing JSON and, when all three files come out byte-identical, leaves them alone. Only a
/// real change rewrites them, stamped with this run.
struct OutboxWriter: Sendable {
    let root: String
    /// Threads that render statements (`--jobs`); the files are the same for any number.
    let jobs: Int

    init(root: String, jobs: Int = Clock.cores()) {
        var r = Substring(root)
        while r.count > 1, r.hasSuffix("/") { r = r.dropLast() }
        self.root = String(r)
        self.jobs = max(1, jobs)
    }

    /// `scope` names the statements that may have changed; the others are listed as unchanged
    /// without being rendered or read, and only months with a statement in scope get their
    /// `index.html` and `summary.csv` compared.
    /// `months`, when given, are the month indexes to write (the statements then need not hold
    /// every statement of their months).
    func write(
        report: RunReport, statements: [CommissionStatement], scope: StatementScope = .all,
        months: [MonthIndex]? = nil
    ) throws(OutboxError) -> OutboxWriteResult {
        var staging = try OutboxStaging(writer: self, runID: report.runID, asOf: report.asOf)
        try staging.stage(statements, scope: scope)
        return try staging.finish(report: report.adding(exceptions: staging.skipped.map(\.exception)), months: months)
    }

    /// A statement's three files, relative to the outbox.
    static func paths(of statement: CommissionStatement) -> [String] {
        let base = "statements/\(statement.month)/\(statement.tenantID.rawValue)"
        return ["\(base).csv", "\(base).html", "\(base).json"]
    }

    /// Stages `index.html` and `summary.csv` of each month, each only when its bytes change.
    func stageMonthFiles(_ months: [MonthIndex], in batch: inout AtomicBatch) throws(FileSystemError)
        -> [OutboxWriteResult.Entry]
    {
        var entries: [OutboxWriteResult.Entry] = []
        for index in months {
            let folder = "statements/\(index.month)"
            for (name, bytes) in [("index.html", index.renderHTML()), ("summary.csv", MonthSummary.renderCSV(index))] {
                let relative = "\(folder)/\(name)"
                entries.append(.init(path: relative, outcome: try batch.stageIfChanged(bytes, to: absolute(relative))))
            }
        }
        return entries
    }

    func absolute(_ relative: String) -> String { root == "/" ? "/" + relative : root + "/" + relative }

    /// The statements that can be written, and those that cannot: a month that is not `YYYY-MM`, or
    /// a tenant id that is not a safe path component (``OutboxPath/problem(with:reserved:)``) or
    /// collides with a month's own files. Records are checked when decoded, so only a state
    /// written by an earlier build gets here; such a statement is skipped, never written
    /// elsewhere. Two statements for one tenant and month are a bug of the caller and throw.
    static func sortOut(_ statements: [CommissionStatement]) throws(OutboxError) -> (
        writable: [CommissionStatement], skipped: [SkippedStatement]
    ) {
        var seen = Set<StatementID>()
        var writable: [CommissionStatement] = []
        var skipped: [SkippedStatement] = []
        for s in statements {
            if !seen.insert(StatementID(tenant: s.tenantID, month: s.month)).inserted {
                throw .duplicateStatement(tenant: s.tenantID, month: s.month)
            }
            if let skip = SkippedStatement(s) { skipped.append(skip) } else { writable.append(s) }
        }
        return (writable, skipped.sorted { ($0.month, $0.tenant) < ($1.month, $1.tenant) })
    }
}

/// What ``OutboxWriter`` did, file by file, in write order. Paths are relative to the outbox.
struct OutboxWriteResult: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        let path: String
        let outcome: WriteOutcome
    }

    let files: [Entry]
    /// `runs/<runId>`, which `runs/latest` now names.
    let latest: String
    /// Statements not written: their tenant id or month cannot be a name in the outbox.
    var skipped: [SkippedStatement] = []
    /// The report as written: the caller's, with an exception for each skipped statement.
    var report: RunReport? = nil

    var written: [String] { files.filter { $0.outcome == .written }.map(\.path) }
    var unchanged: [String] { files.filter { $0.outcome == .unchanged }.map(\.path) }
}

/// Why the outbox could not be written.
enum OutboxError: Error, Equatable, CustomStringConvertible {
    enum Name: String, Sendable {
        case runID = "run id"
        case tenantID = "tenant id"
        case month = "month"
    }

    /// A run id cannot be a path component; nothing was written.
    case invalidName(Name, String, OutboxPath.Problem)
    /// Two statements for the same tenant and month; nothing was written.
    case duplicateStatement(tenant: TenantID, month: String)
    case file(FileSystemError)

    var description: String {
        switch self {
        case .invalidName(let name, let value, let problem):
            "cannot use \(name.rawValue) \(Self.quoted(value)) in an outbox path: it \(problem.rawValue)"
        case .duplicateStatement(let tenant, let month):
            "cannot write two statements for tenant \(Self.quoted(tenant.rawValue)) and month \(Self.quoted(month))"
        case .file(let error):
            error.description
        }
    }

    /// The value in quotes with control characters shown as escapes, so a hostile id cannot
    /// forge log lines.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            if u.value < 0x20 || u.value == 0x7f {
                out += "\\u{\(String(u.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
