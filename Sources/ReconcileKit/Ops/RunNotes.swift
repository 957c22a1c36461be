/// How much a note matters; the command line maps it to its logger's levels.
package enum NoteLevel: String, Sendable, Comparable, CaseIterable {
    case debug, info, notice, warning, error

    package static func < (a: NoteLevel, b: NoteLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One notable thing a run did, as one log line. Messages name files, ids and fixed reasons only,
/// never customer data (the reasons and errors they quote are built that way, SPEC §4).
package struct RunNote: Sendable, Equatable {
    package let level: NoteLevel
    package let message: String
}

extension RunNote {
    /// Problems of one kind get a line each up to this many; one more line then says how many are
    /// left and where every one is listed. A backfill can FAIL a quarter of a million events (dates
    /// already booked): as many stderr lines help nobody at 3 a.m., and journald drops lines past
    /// its rate limit anyway.
    static let linesPerKind = 50
}

extension RunOutcome {
    /// Notable events in report order: the quarantined files, rejected records, FAILED events and
    /// statements not written (warning; ``RunNote/linesPerKind`` of each, then a count of the rest), each deferred file
    /// and the conflicting record count (info), and the commit (info). A clean run has no warnings, so
    /// a scheduler that logs at `warning` sees nothing.
    package var notes: [RunNote] {
        var notes: [RunNote] = []
        func warn<Problems: Collection>(_ problems: Problems, _ kind: String, _ line: (Problems.Element) -> String) {
            for problem in problems.prefix(RunNote.linesPerKind) {
                notes.append(RunNote(level: .warning, message: line(problem)))
            }
            let rest = problems.count - RunNote.linesPerKind
            guard rest > 0 else { return }
            let listed =
                reportPath.map { ", all listed in \($0)" } ?? " (a dry run writes no report: a real run lists them all)"
            notes.append(RunNote(level: .warning, message: "and \(rest) more \(kind)\(listed)"))
        }
        warn(report.files.quarantined, "quarantined files") { q in
            "quarantined '\(q.path)'\(q.location.map { " at \($0)" } ?? ""): \(q.reason)"
        }
        warn(report.rejected, "rejected records") { r in
            "rejected record in '\(r.file)' at \(r.location): \(r.reason)\(r.keptNote)"
        }
        warn(report.events.failed, "FAILED events") { f in "event \(f.eventID) of \(f.tenant) FAILED: \(f.lastError)" }
        warn(skipped, "statements not written") { $0.warning }
        for path in report.files.deferred {
            notes.append(
                RunNote(level: .info, message: "deferred '\(path)': modified too recently, a later run reads it"))
        }
        let t = totals
        if t.conflict > 0 {
            notes.append(
                RunNote(level: .info, message: "\(t.conflict) conflicting record(s) stored as evidence, not applied"))
        }
        if dryRun {
            notes.append(RunNote(level: .info, message: "dry run \(report.runID): nothing committed"))
        } else {
            notes.append(
                RunNote(
                    level: .info,
                    message: "committed run \(report.runID) root \(report.root?.short ?? "-"): "
                        + "\(t.new) new records, \(report.events.applied) events applied, \(report.files.quarantined.count) quarantined"
                ))
        }
        return notes
    }
}
