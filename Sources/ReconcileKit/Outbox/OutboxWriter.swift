/// Writes one run's report and the month statements into the outbox (SPEC §6):
///
///     <root>/runs/<runId>/report.json, report.md, exceptions.csv
///     <root>/statements/<YYYY-MM>/<tenantId>.csv, .json, .html
///     <root>/statements/<YYYY-MM>/index.html, summary.csv     (every tenant of the month)
///     <root>/runs/latest -> <runId>
///
/// Every file is replaced atomically, all of them in one ``AtomicBatch``: every temporary file is
/// written first, then one durability barrier (`syncfs`), then the renames and one fsync per
/// folder. Every name taken from data is validated before anything is written, so a bad run id or
/// tenant id writes nothing and nothing can land outside `root`. Rename order: statements, month
/// files, then the run's files; `runs/latest` is replaced only after all of them are renamed and
/// their folders fsynced, so `latest` only ever names a complete run folder.
///
/// A statement keeps its generation stamp (as-of time and run id in the JSON and HTML footers)
/// while its content stays the same: the writer re-renders it with the stamp recorded in the
/// existing JSON and, when all three files come out byte-identical, leaves them alone. Only a
/// real change rewrites them, stamped with this run.
public struct OutboxWriter: Sendable {
    public let root: String

    public init(root: String) {
        var r = Substring(root)
        while r.count > 1, r.hasSuffix("/") { r = r.dropLast() }
        self.root = String(r)
    }

    /// `scope` names the statements that may have changed; the others are listed as unchanged
    /// without being rendered or read, and only months with a statement in scope get their
    /// `index.html` and `summary.csv` compared.
    public func write(report: RunReport, statements: [CommissionStatement], scope: StatementScope = .all) throws(OutboxError) -> OutboxWriteResult {
        try validate(report: report, statements: statements)
        var entries: [OutboxWriteResult.Entry] = []
        let stamp = CommissionStatement.GenerationStamp(asOf: report.asOf, runID: report.runID)
        let ordered = statements.sorted { ($0.month, $0.tenantID) < ($1.month, $1.tenantID) }
        var batch = AtomicBatch()
        do throws(AtomicFileError) {
            var monthsInScope = Set<String>()
            for statement in ordered {
                if scope.includes(statement) {
                    monthsInScope.insert(statement.month)
                    entries += try stage(statement, stamp: stamp, in: &batch)
                } else {
                    entries += Self.paths(of: statement).map { .init(path: $0, outcome: .unchanged) }
                }
            }
            entries += try stageMonthFiles(scope == .all ? ordered : ordered.filter { monthsInScope.contains($0.month) }, in: &batch)
            let runFolder = "runs/\(report.runID)"
            // Rendered one at a time: the three can be large.
            let runFiles: [(String, () -> [UInt8])] = [
                ("exceptions.csv", report.renderExceptionsCSV),
                ("report.md", report.renderMarkdown),
                ("report.json", report.renderJSON),
            ]
            for (name, render) in runFiles {
                let relative = "\(runFolder)/\(name)"
                entries.append(.init(path: relative, outcome: try batch.stageIfChanged(render(), to: absolute(relative))))
            }
            try batch.commit()
            try AtomicFile.replaceSymlink(at: absolute("runs/latest"), pointingTo: report.runID)
            return OutboxWriteResult(files: entries, latest: runFolder)
        } catch {
            batch.discard()
            throw .file(error)
        }
    }

    /// Stages one statement's three files; see the type's documentation for the stamp rule.
    func stage(_ statement: CommissionStatement, stamp: CommissionStatement.GenerationStamp,
               in batch: inout AtomicBatch) throws(AtomicFileError) -> [OutboxWriteResult.Entry] {
        let paths = Self.paths(of: statement)
        func render(_ s: CommissionStatement.GenerationStamp) -> [[UInt8]] {
            [statement.renderCSV(), statement.renderHTML(stamp: s), statement.renderJSON(stamp: s)]
        }
        let existing = paths.map { (try? AtomicFile.readIfExists(absolute($0))) ?? nil }
        if let oldJSON = existing[2], let oldStamp = CommissionStatement.GenerationStamp(statementJSON: oldJSON),
           render(oldStamp) == existing.map({ $0 ?? [] }) {
            return paths.map { .init(path: $0, outcome: .unchanged) }
        }
        var entries: [OutboxWriteResult.Entry] = []
        for (i, bytes) in render(stamp).enumerated() {
            let outcome: WriteOutcome
            if let old = existing[i], old == bytes { outcome = .unchanged } else {
                try batch.stage(bytes, to: absolute(paths[i]))
                outcome = .written
            }
            entries.append(.init(path: paths[i], outcome: outcome))
        }
        return entries
    }

    /// A statement's three files, relative to the outbox.
    static func paths(of statement: CommissionStatement) -> [String] {
        let base = "statements/\(statement.month)/\(statement.tenantID.rawValue)"
        return ["\(base).csv", "\(base).html", "\(base).json"]
    }

    /// Stages `index.html` and `summary.csv` of every month `statements` cover, each only when its
    /// bytes change. `statements` must hold all of a month's statements.
    func stageMonthFiles(_ statements: [CommissionStatement], in batch: inout AtomicBatch) throws(AtomicFileError) -> [OutboxWriteResult.Entry] {
        var entries: [OutboxWriteResult.Entry] = []
        for index in MonthIndex.all(statements) {
            let folder = "statements/\(index.month)"
            for (name, bytes) in [("index.html", index.renderHTML()), ("summary.csv", MonthSummary.renderCSV(index))] {
                let relative = "\(folder)/\(name)"
                entries.append(.init(path: relative, outcome: try batch.stageIfChanged(bytes, to: absolute(relative))))
            }
        }
        return entries
    }

    /// Tenant ids that would collide with a month's `index.html` or `summary.csv` (compared
    /// case-insensitively, for case-insensitive file systems).
    static let reservedTenantIDs: Set<String> = ["index", "summary"]

    func absolute(_ relative: String) -> String { root == "/" ? "/" + relative : root + "/" + relative }

    func validate(report: RunReport, statements: [CommissionStatement]) throws(OutboxError) {
        if let problem = OutboxPath.problem(with: report.runID, reserved: ["latest"]) {
            throw .invalidName(.runID, report.runID, problem)
        }
        try validate(statements: statements)
    }

    func validate(statements: [CommissionStatement]) throws(OutboxError) {
        var seen = Set<String>()
        for s in statements {
            if !OutboxPath.isMonth(s.month) { throw .invalidName(.month, s.month, .notAMonth) }
            if let problem = OutboxPath.problem(with: s.tenantID.rawValue) {
                throw .invalidName(.tenantID, s.tenantID.rawValue, problem)
            }
            if Self.reservedTenantIDs.contains(s.tenantID.rawValue.lowercased()) {
                throw .invalidName(.tenantID, s.tenantID.rawValue, .reserved)
            }
            if !seen.insert("\(s.month)/\(s.tenantID.rawValue)").inserted {
                throw .duplicateStatement(tenant: s.tenantID, month: s.month)
            }
        }
    }
}

/// What ``OutboxWriter`` did, file by file, in write order. Paths are relative to the outbox.
public struct OutboxWriteResult: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let path: String
        public let outcome: WriteOutcome
    }

    public let files: [Entry]
    /// `runs/<runId>`, which `runs/latest` now names.
    public let latest: String

    public var written: [String] { files.filter { $0.outcome == .written }.map(\.path) }
    public var unchanged: [String] { files.filter { $0.outcome == .unchanged }.map(\.path) }
}

/// Why the outbox could not be written.
public enum OutboxError: Error, Equatable, CustomStringConvertible {
    public enum Name: String, Sendable {
        case runID = "run id"
        case tenantID = "tenant id"
        case month = "month"
    }

    /// A name from the data cannot be a path component; nothing was written.
    case invalidName(Name, String, OutboxPath.Problem)
    /// Two statements for the same tenant and month; nothing was written.
    case duplicateStatement(tenant: TenantID, month: String)
    case file(AtomicFileError)

    public var description: String {
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
            if u.value < 0x20 || u.value == 0x7f { out += "\\u{\(String(u.value, radix: 16))}" } else { out.unicodeScalars.append(u) }
        }
        return out + "\""
    }
}
