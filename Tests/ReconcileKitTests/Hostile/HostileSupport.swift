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
    static let limits = Limits(maxDecompressedBytes: 1 << 20, maxExpansionRatio: 64, maxDepth: 64, maxRecordBytes: 64 << 10)

    /// Copies `names` into a fresh inbox folder with an old modification time (no settle deferral).
    static func inbox(_ names: [String], in directory: String) throws -> String {
        let inbox = directory + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(atPath: folder + "/" + name, toPath: inbox + "/" + name)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)],
                                                  ofItemAtPath: inbox + "/" + name)
        }
        return inbox
    }

    /// Reads an inbox through the run's own ingestion (scan, read, gunzip, detect, decode, dedup).
    static func ingest(_ inbox: String, limits: Limits = HostileCorpus.limits) throws -> IngestResult {
        let scan = try InboxScanner(root: inbox, settleSeconds: 0, now: 2_000_000_000).scan()
        var index = RecordIndex()
        return Ingestion(runID: "hostile", limits: limits, jobs: 2).ingest(scan, index: &index) { _, _ in
            BankReportDecoding.decoder(limits: limits, tenants: TenantDirectory(versions: []))
        }
    }
}
