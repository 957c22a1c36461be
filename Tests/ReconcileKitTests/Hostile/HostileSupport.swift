import Foundation
import Testing

@testable import ReconcileKit

/// The nasty-input corpus in Fixtures/hostile/ (made by its make-fixtures.py).
enum HostileCorpus {
    static var folder: String {
        Bundle.module.url(forResource: "hostile", withExtension: nil, subdirectory: "Fixtures")!.path
    }

    /// Every input file of the corpus (not the generator), sorted.
    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { !$0.hasSuffix(".py") && !$0.hasSuffix(".md") }
            .sorted()
    }

    /// The made-up customer data the corpus carries; it must never reach a log, error or report.
    static let customerData = ["zed.hostile@example.org", "Zed & Quinn Hostile", "Zed &amp; Quinn Hostile"]

    /// Limits lowered so bombs and huge records trip on small files.
    static let limits = Limits(
        maxDecompressedBytes: 1 << 20, maxExpansionRatio: 64, maxDepth: 64, maxRecordBytes: 64 << 10)

    /// Copies `names` into a fresh inbox folder with an old modification time (no settle deferral).
    static func inbox(_ names: [String], in directory: String) throws -> String {
        let inbox = directory + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(atPath: folder + "/" + name, toPath: inbox + "/" + name)
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)],
                ofItemAtPath: inbox + "/" + name)
        }
        return inbox
    }

    /// Reads an inbox through the run's own ingestion (scan, read, gunzip, detect, decode, dedup).
    static func ingest(_ inbox: String, limits: Limits = HostileCorpus.limits) throws -> IngestResult {
        let scan = try InboxScanner(root: inbox, settleSeconds: 0, now: 2_000_000_000).scan()
        var index = RecordIndex()
        return try Ingestion(runID: "hostile", limits: limits, jobs: 2).ingest(scan, index: &index) { _, _ in
            TenantDirectory(versions: [])
        }
    }
}

/// In-process runs over a folder holding `inbox/`, `outbox/` and `state/`, with a chosen ``FileIO``.
struct InProcessWorkspace {
    let path: String
    /// The state: `state/` in the folder, unless a PostgreSQL URL was given.
    let state: String
    var inbox: String { path + "/inbox" }
    var outbox: String { path + "/outbox" }

    init(path: String, state: String? = nil) {
        self.path = path
        self.state = state ?? path + "/state"
    }
    static let asOf: Int64 = 1_793_491_200  // 2026-11-01T00:00:00Z

    func configuration() -> RunConfiguration {
        RunConfiguration(
            inbox: inbox, outbox: outbox, state: state, asOf: Self.asOf, now: 2_000_000_000,
            settleSeconds: 0, jobs: 2)
    }

    @discardableResult
    func run(io: FileIO = .system) throws(RunFailure) -> RunOutcome {
        let configuration = configuration()
        do {
            return try FileIO.$current.withValue(io) { () throws(RunFailure) -> RunOutcome in
                try Runner(configuration: configuration).run()
            }
        } catch let failure as RunFailure {
            throw failure
        } catch {
            throw RunFailure(.internalError, "\(error)")
        }
    }

    var head: String? { (try? StoredState.load(state: state))?.head?.hex }

    func verify() throws -> [String] {
        try StateAccess.openExisting(state).database.verify().map { "\($0)" }
    }

    /// Copies sample inbox files (relative to the repository's `inbox/`) into this inbox.
    func addSample(_ relativePaths: [String]) throws {
        for relative in relativePaths {
            let destination = inbox + "/" + relative
            try FileManager.default.createDirectory(
                atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: repositoryRoot + "/inbox/" + relative, toPath: destination)
        }
        try fixInboxTimes()
    }

    /// Gives every inbox file the sample's fixed modification time: the run id (and so the root)
    /// depends on it, and copies must reach the same roots.
    func fixInboxTimes() throws {
        guard let walker = FileManager.default.enumerator(atPath: inbox) else { return }
        for case let name as String in walker {
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1_793_491_200)],
                ofItemAtPath: inbox + "/" + name)
        }
    }

    /// Every regular file and symlink under `relative`, path → bytes (links as "-> target").
    func tree(_ relative: String) -> [String: Data] { snapshotTree(path + "/" + relative) }

    /// A copy of this workspace in a new temporary folder.
    func copy(to directory: TemporaryDirectory) throws -> InProcessWorkspace {
        let copy = InProcessWorkspace(path: directory.path + "/ws")
        try FileManager.default.copyItem(atPath: path, toPath: copy.path)
        try copy.fixInboxTimes()
        return copy
    }
}

/// Every entry under a folder, relative path → bytes; symbolic links as their target, folders as "/".
func snapshotTree(_ root: String) -> [String: Data] {
    var result: [String: Data] = [:]
    guard let walker = FileManager.default.enumerator(atPath: root) else { return result }
    for case let name as String in walker {
        let full = root + "/" + name
        var info = stat()
        guard lstat(full, &info) == 0 else { continue }
        switch info.st_mode & S_IFMT {
        case S_IFLNK:
            result[name] = Data(
                ("-> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?")).utf8)
        case S_IFDIR: result[name] = Data("/".utf8)
        default: result[name] = (try? Data(contentsOf: URL(fileURLWithPath: full))) ?? Data("<unreadable>".utf8)
        }
    }
    return result
}
