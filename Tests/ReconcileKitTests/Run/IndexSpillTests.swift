import Foundation
import Testing

@testable import ReconcileKit

/// A night's index that outgrows ``RunConfiguration/indexKeysHeld`` is written early and its
/// entries dropped (a first run's million keys are never all held); a key met again is read back
/// from the database. A night's events are applied ``RunConfiguration/eventsPerChunk`` at a time,
/// each chunk on the ledger the chunks before left in the database. Property: whatever the limits,
/// every night commits the same root, the same index and ledger rows, and leaves the same outbox,
/// byte for byte, as with the whole index and one ledger in memory — over the sample inbox,
/// whose records include duplicates across files, a conflicting replay, new versions of tenant and
/// platform exports, list-export backfills and bank reports, split into two nights, then a retry
/// of the failed events.
@Suite struct IndexSpillTests {
    static let asOf: Int64 = 1_793_491_200  // 2026-11-01

    /// The first night: August's webhooks, the tenants' first export, the provider's export and the
    /// retries; the second: the whole sample inbox.
    static let firstNight = ["platform/tenants-2026-08-01.json", "provider", "webhooks/2026-08", "webhooks/retries"]

    struct Nights {
        let roots: [ObjectID?]
        let outbox: [String: Data]
        let backfilled: [Int]
        /// Each night's bank statements in its report.
        let bankStatements: [Int]
        /// Every row of the index's tables, in key order (`explain` reads them).
        let index: [String: [[DatabaseValue]]]
    }

    static let indexTables = [
        "records": "tenant_id, kind, id", "record_versions": "tenant_id, kind, id, exported_at, object",
        "record_conflicts": "tenant_id, kind, id, step", "sightings": "tenant_id, kind, id, step", "files": "sha256",
        "events": "tenant_id, id", "event_history": "tenant_id, event_id, step", "bookings": "tenant_id, id",
        "ledger_lines": "sequence",
    ]

    /// `state`: a PostgreSQL URL, else a folder in the run's temporary directory.
    static func run(keysHeld: Int?, eventsPerChunk: Int? = nil, state: String? = nil) throws -> Nights {
        let dir = try TemporaryDirectory()
        let state = state ?? dir.path + "/state"
        try copySampleInbox(to: dir.path + "/all")
        for path in firstNight {
            let target = dir.path + "/first/" + path
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: dir.path + "/all/" + path, toPath: target)
        }
        var roots: [ObjectID?] = []
        var backfilled: [Int] = []
        var bankStatements: [Int] = []
        for (inbox, mode) in [("first", RunMode.run), ("all", .run), ("all", .retry)] {
            var config = RunConfiguration(
                inbox: dir.path + "/" + inbox, outbox: dir.path + "/outbox", state: state, mode: mode,
                asOf: asOf, now: asOf, settleSeconds: 0, jobs: 2)
            if let keysHeld { config.indexKeysHeld = keysHeld }
            if let eventsPerChunk { config.eventsPerChunk = eventsPerChunk }
            let outcome = try Runner(configuration: config).run()
            roots.append(outcome.report.root)
            backfilled.append(outcome.report.backfilled.count)
            bankStatements.append(outcome.report.bank.statements.count)
        }
        let db = try StateAccess.openExisting(state).database
        #expect(try db.verify().isEmpty)
        var index: [String: [[DatabaseValue]]] = [:]
        for (table, order) in indexTables {
            index[table] = try db.connection.prepare("SELECT * FROM \(table) ORDER BY \(order)", name: table).fetchAll {
                try $0.values
            }
        }
        return Nights(
            roots: roots, outbox: try tree(dir.path + "/outbox"), backfilled: backfilled,
            bankStatements: bankStatements, index: index)
    }

    static let whole = Result { try run(keysHeld: nil) }

    @Test(arguments: [0, 1, 5, 40])
    func aNightWhoseIndexIsWrittenEarlyCommitsWhatAWholeIndexDoes(keysHeld: Int) throws {
        let whole = try Self.whole.get()
        #expect(whole.roots.allSatisfy { $0 != nil })
        #expect(whole.backfilled.reduce(0, +) > 0, "the sample has backfilled events to look up")
        let spilled = try Self.run(keysHeld: keysHeld)
        #expect(spilled.roots == whole.roots)
        #expect(spilled.backfilled == whole.backfilled)
        #expect(whole.index["sightings"]!.count > 100)
        for table in Self.indexTables.keys.sorted() {
            #expect(spilled.index[table] == whole.index[table], "\(table) with \(keysHeld) keys held")
        }
        #expect(spilled.outbox.keys.sorted() == whole.outbox.keys.sorted())
        for (path, bytes) in whole.outbox where spilled.outbox[path] != bytes {
            Issue.record("\(path) differs with \(keysHeld) keys held")
        }
    }

    @Test(arguments: [1, 2, 7])
    func aNightAppliedAChunkOfEventsAtATimeCommitsWhatOneLedgerDoes(eventsPerChunk: Int) throws {
        let whole = try Self.whole.get()
        #expect(whole.index["events"]!.count > 3 * eventsPerChunk, "several chunks a night")
        #expect(
            whole.index["events"]!.contains { $0.contains(.text("FAILED")) }, "the retry has failed events to take up")
        let chunked = try Self.run(keysHeld: nil, eventsPerChunk: eventsPerChunk)
        #expect(chunked.roots == whole.roots)
        for table in Self.indexTables.keys.sorted() {
            #expect(chunked.index[table] == whole.index[table], "\(table) with \(eventsPerChunk) events a chunk")
        }
        #expect(chunked.outbox.keys.sorted() == whole.outbox.keys.sorted())
        for (path, bytes) in whole.outbox where chunked.outbox[path] != bytes {
            Issue.record("\(path) differs with \(eventsPerChunk) events a chunk")
        }
    }

    /// A night's admitted records and the bank statements its report lists wait in a temporary
    /// file past ``SpillList/chunk`` (a first run's millions are never all held).
    @Test(arguments: [1, 2])
    func aNightWhoseRecordsAndBankStatementsWaitOnDiskCommitsWhatOneHeldInMemoryDoes(held: Int) throws {
        let whole = try Self.whole.get()
        #expect(whole.bankStatements.max()! > 2 * held, "the sample's reports list several statements")
        let spilled = try SpillFile.$elementsHeld.withValue(held) { try Self.run(keysHeld: nil) }
        #expect(spilled.roots == whole.roots)
        #expect(spilled.bankStatements == whole.bankStatements)
        #expect(spilled.backfilled == whole.backfilled)
        #expect(spilled.outbox.keys.sorted() == whole.outbox.keys.sorted())
        for (path, bytes) in whole.outbox where spilled.outbox[path] != bytes {
            Issue.record("\(path) differs with \(held) elements held")
        }
    }

    /// On PostgreSQL too: the staged objects go in several times, and a dropped key is read back,
    /// in one transaction.
    @Test(.enabled(if: TestDatabase.postgresURL != nil, "RECONCILE_TEST_POSTGRES names no PostgreSQL"))
    func onPostgreSQLANightWrittenEarlyCommitsWhatSQLitesWholeIndexDoes() throws {
        let whole = try Self.whole.get()
        let schema = try PostgreSQLStateSchema()
        let spilled = try Self.run(keysHeld: 1, state: schema.url)
        #expect(spilled.roots == whole.roots)
        #expect(spilled.outbox == whole.outbox)
        #expect(spilled.index["sightings"]?.count == whole.index["sightings"]?.count)
    }

    static func tree(_ path: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for case let relative as String in FileManager.default.enumerator(atPath: path)! {
            var isDirectory: ObjCBool = false
            let full = path + "/" + relative
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            files[relative] = try Data(contentsOf: URL(fileURLWithPath: full))
        }
        return files
    }
}
