/// How much a note matters; the command line maps it to its logger's levels.
public enum NoteLevel: String, Sendable, Comparable, CaseIterable {
    case debug, info, notice, warning, error

    public static func < (a: NoteLevel, b: NoteLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One notable thing a run did, as one log line. Messages name files, ids and fixed reasons only,
/// never customer data (the reasons and errors they quote are built that way, SPEC §4).
public struct RunNote: Sendable, Equatable {
    public let level: NoteLevel
    public let message: String
}

extension RunOutcome {
    /// Notable events in report order: each quarantined file, rejected record and FAILED event
    /// (warning), each deferred file and conflicting record count (info), and the commit (info).
    /// A clean run has no warnings, so a scheduler that logs at `warning` sees nothing.
    public var notes: [RunNote] {
        var notes: [RunNote] = []
        for q in report.files.quarantined {
            notes.append(RunNote(level: .warning, message: "quarantined '\(q.path)'\(q.location.map { " at \($0)" } ?? ""): \(q.reason)"))
        }
        for r in report.rejected {
            notes.append(RunNote(level: .warning, message: "rejected record in '\(r.file)' at \(r.location): \(r.reason)"))
        }
        for f in report.events.failed {
            notes.append(RunNote(level: .warning, message: "event \(f.eventID) of \(f.tenant) FAILED: \(f.lastError)"))
        }
        for path in report.files.deferred {
            notes.append(RunNote(level: .info, message: "deferred '\(path)': modified too recently, a later run reads it"))
        }
        let t = totals
        if t.conflict > 0 {
            notes.append(RunNote(level: .info, message: "\(t.conflict) conflicting record(s) stored as evidence, not applied"))
        }
        if dryRun {
            notes.append(RunNote(level: .info, message: "dry run \(report.runID): nothing committed"))
        } else {
            notes.append(RunNote(level: .info, message: "committed run \(report.runID) root \(report.root?.short ?? "-"): "
                + "\(t.new) new records, \(report.events.applied) events applied, \(report.files.quarantined.count) quarantined"))
        }
        return notes
    }
}
