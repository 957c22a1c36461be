import Foundation
import Testing

@testable import ReconcileKit

/// A ``SpillList`` keeps a chunk in memory and writes each full chunk to an unlinked temporary
/// file. Property: whatever the chunk, the elements come back in append order and equal, field for
/// field, to what went in — over generated admitted records and bank statements, with every
/// optional field both present and absent.
@Suite struct SpillListTests {
    static func text(_ g: inout SplitMix64, _ prefix: String) -> String {
        // Multi-byte characters and lengths past Swift's 15-byte small strings.
        let alphabet = ["a", "Z", "9", "_", "é", "€", "𝄞", " "]
        return prefix + (0..<g.below(24)).map { _ in alphabet[g.below(alphabet.count)] }.joined()
    }

    static func maybe<T>(_ g: inout SplitMix64, _ make: (inout SplitMix64) -> T) -> T? {
        g.below(2) == 0 ? nil : make(&g)
    }

    static func admitted(_ g: inout SplitMix64) -> AdmittedRecord {
        let kind = RecordKind.allCases[g.below(RecordKind.allCases.count)]
        return AdmittedRecord(
            key: RecordKey(kind: kind, tenantID: TenantID(text(&g, "tnt_")), id: text(&g, "evt_")),
            outcome: DedupOutcome.allCases[g.below(DedupOutcome.allCases.count)],
            eventType: maybe(&g) { text(&$0, "checkout.") }, fromListExport: g.below(2) == 1)
    }

    static func statement(_ g: inout SplitMix64) -> RunReport.Bank.Statement {
        func amount(_ g: inout SplitMix64) -> Int64 { Int64(g.below(2_000_000)) - 1_000_000 }
        func balance(_ g: inout SplitMix64) -> CamtStatement.Balance {
            CamtStatement.Balance(
                type: ["OPBD", "PRCD", "CLBD"][g.below(3)], amount: amount(&g), currency: text(&g, "E"))
        }
        var totals = CamtStatement.Totals()
        totals.credits = .init(count: g.below(1_000), amount: amount(&g))
        totals.debits = .init(count: g.below(1_000), amount: amount(&g))
        totals.currency = maybe(&g) { text(&$0, "EUR") }
        totals.otherCurrency = g.below(3)
        totals.notBooked = g.below(3)
        totals.rejected = g.below(3)
        totals.overflowed = g.below(2) == 1
        let statement = CamtStatement(
            message: CamtMessage(type: CamtMessageType.allCases[g.below(3)], version: maybe(&g) { $0.below(20) }),
            tenantID: TenantID(text(&g, "tnt_")),
            location: Location(line: maybe(&g) { $0.below(10_000) }, byteOffset: g.below(1 << 40)),
            account: text(&g, "DE"), identity: text(&g, "stmt-"), statementID: maybe(&g) { text(&$0, "id") },
            electronicSequence: maybe(&g) { text(&$0, "") }, legalSequence: maybe(&g) { text(&$0, "") }, totals: totals,
            opening: maybe(&g, balance), closing: maybe(&g, balance), unreadableBalance: maybe(&g) { text(&$0, "CLBD") }
        )
        return .init(file: text(&g, "bank/camt053-"), statement: statement)
    }

    @Test(arguments: 1...40)
    func elementsComeBackInAppendOrderFieldForFieldWhateverTheChunk(seed: UInt64) throws {
        var g = SplitMix64(seed: seed)
        let chunk = 1 + g.below(5)
        let records = (0..<g.below(30)).map { _ in Self.admitted(&g) }
        let statements = (0..<g.below(30)).map { _ in Self.statement(&g) }
        var recordList = SpillList<AdmittedRecord>(chunk: chunk)
        var statementList = SpillList<RunReport.Bank.Statement>(chunk: chunk)
        for r in records { try recordList.append(r) }
        for s in statements { try statementList.append(s) }
        #expect(recordList.count == records.count)
        let back = Array(recordList)
        #expect(back.map(\.key) == records.map(\.key))
        #expect(back.map(\.outcome) == records.map(\.outcome))
        #expect(back.map(\.eventType) == records.map(\.eventType))
        #expect(back.map(\.fromListExport) == records.map(\.fromListExport))
        #expect(Array(statementList) == statements)
        // Read twice, and by chunks: the same elements, no chunk larger than the limit.
        var chunks: [[RunReport.Bank.Statement]] = []
        statementList.forEachChunk { chunks.append($0) }
        #expect(chunks.allSatisfy { $0.count <= chunk && !$0.isEmpty })
        #expect(chunks.flatMap { $0 } == statements)
    }

    @Test func aWriteThatFailsWhileSpillingFailsTheAppendWithItsError() throws {
        let plan = try #require(FaultPlan(parsing: "write:1+:ENOSPC"))
        var list = SpillList<AdmittedRecord>(chunk: 2)
        var g = SplitMix64(seed: 7)
        try list.append(Self.admitted(&g))
        #expect(throws: FileSystemError.self) {
            try FileIO.$current.withValue(.failing(plan)) { try list.append(Self.admitted(&g)) }
        }
    }

    @Test func theTemporaryFileHasNoNameWhileTheListLives() throws {
        let dir = try TemporaryDirectory()
        var list = SpillList<AdmittedRecord>(chunk: 1, directory: dir.path)
        var g = SplitMix64(seed: 3)
        for _ in 0..<4 { try list.append(Self.admitted(&g)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        #expect(Array(list).count == 4)
    }
}
