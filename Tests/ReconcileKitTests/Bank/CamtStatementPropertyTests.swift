import Testing

@testable import ReconcileKit

/// For generated statements, whatever references, dates and statuses are missing, the entries the
/// store keeps (one per key, the first wins) add up per statement to what the file says, and the
/// statement's balance check agrees (SPEC §3.3).
@Suite struct CamtStatementPropertyTests {
    /// What a generated statement states: its booked credits and debits at the finest level the
    /// reader must keep (a batch's transactions when they add up to the entry, else the entry).
    struct Expected {
        var credits: Int64 = 0
        var debits: Int64 = 0
        var entryCredits: Int64 = 0
        var entryDebits: Int64 = 0
        var booked = 0
        var notBooked = 0
    }

    struct Generated {
        var xml: String
        /// By account.
        var expected: [String: Expected]
    }

    static func generate(seed: UInt64) -> Generated {
        var rng = SplitMix64(seed: seed)
        func pick(_ n: Int) -> Int { Int(rng.next(upTo: UInt64(n))) }
        func money(_ cents: Int64) -> String { "\(cents / 100)." + (cents % 100 < 10 ? "0" : "") + "\(cents % 100)" }
        var expected: [String: Expected] = [:]
        var body = ""
        let statementCount = 1 + pick(3)
        for s in 0..<statementCount {
            let account = "DE\(10 + s)370400440532013000"
            var model = Expected()
            var entries = ""
            var previous: (text: String, model: Expected)? = nil
            for e in 0..<pick(25) {
                // An exact copy of the previous entry: two real payments that look the same.
                if let previous, pick(5) == 0 {
                    entries += previous.text
                    model.booked += 1
                    let last = previous.model
                    model.credits += last.credits
                    model.debits += last.debits
                    model.entryCredits += last.entryCredits
                    model.entryDebits += last.entryDebits
                    continue
                }
                let amount = Int64(1 + pick(5) * 25) * 100 + Int64(pick(3)) * 5
                let credit = pick(2) == 0
                let direction = credit ? "CRDT" : "DBIT"
                let status = [nil, "BOOK", "BOOK", "BOOK", "PDNG", "INFO"][pick(6)]
                let reference =
                    switch pick(5) {
                    case 0: "<AcctSvcrRef>S\(seed)-\(s)-\(e)</AcctSvcrRef>"
                    case 1: "<NtryRef>N\(seed)-\(s)-\(e)</NtryRef>"
                    case 2: "<AcctSvcrRef>NONREF</AcctSvcrRef>"
                    default: ""
                    }
                let date = pick(3) == 0 ? "" : "<BookgDt><Dt>2026-10-\(10 + pick(18))</Dt></BookgDt>"
                var details = ""
                var entryModel = Expected(entryCredits: credit ? amount : 0, entryDebits: credit ? 0 : amount)
                if pick(3) == 0 {
                    // A batch of 2 or 3: adds up (with one transaction the other way round), or not.
                    let addsUp = pick(4) != 0
                    let back = Int64(pick(2)) * 500
                    var parts = [amount / 2 + back, amount - amount / 2]
                    if pick(2) == 0 { parts.append(back) } else { parts[0] -= back }
                    let ways =
                        parts.count == 3 ? [direction, direction, credit ? "DBIT" : "CRDT"] : [direction, direction]
                    if !addsUp { parts[0] += 1 }
                    for (i, p) in parts.enumerated() {
                        details +=
                            "<TxDtls><Refs><EndToEndId>E2E</EndToEndId><TxId>T\(i)</TxId></Refs>"
                            + "<Amt Ccy=\"EUR\">\(money(p))</Amt><CdtDbtInd>\(ways[i])</CdtDbtInd></TxDtls>"
                        if addsUp {
                            if ways[i] == "CRDT" { entryModel.credits += p } else { entryModel.debits += p }
                        }
                    }
                    if !addsUp {
                        entryModel.credits = entryModel.entryCredits
                        entryModel.debits = entryModel.entryDebits
                    }
                } else {
                    details =
                        pick(2) == 0
                        ? "" : "<TxDtls><Refs><TxId>T</TxId></Refs><RmtInf><Ustrd>Same text</Ustrd></RmtInf></TxDtls>"
                    entryModel.credits = entryModel.entryCredits
                    entryModel.debits = entryModel.entryDebits
                }
                let text =
                    "<Ntry><Amt Ccy=\"EUR\">\(money(amount))</Amt><CdtDbtInd>\(direction)</CdtDbtInd>"
                    + (status.map { "<Sts><Cd>\($0)</Cd></Sts>" } ?? "") + date + reference
                    + (details.isEmpty ? "" : "<NtryDtls>\(details)</NtryDtls>") + "</Ntry>\n"
                entries += text
                if status == "PDNG" || status == "INFO" {
                    model.notBooked += 1
                    previous = nil
                    continue
                }
                model.booked += 1
                model.credits += entryModel.credits
                model.debits += entryModel.debits
                model.entryCredits += entryModel.entryCredits
                model.entryDebits += entryModel.entryDebits
                // Only an entry the bank gave no reference can come twice: a reference names one entry.
                previous = reference.isEmpty || reference.contains("NONREF") ? (text, entryModel) : nil
            }
            let opening = Int64(pick(100_000)) - 50_000
            let closing = opening + model.entryCredits - model.entryDebits
            func balance(_ code: String, _ value: Int64) -> String {
                "<Bal><Tp><CdOrPrtry><Cd>\(code)</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">\(money(abs(value)))</Amt>"
                    + "<CdtDbtInd>\(value < 0 ? "DBIT" : "CRDT")</CdtDbtInd></Bal>"
            }
            let identity = [
                "<Id>ST-\(seed)-\(s)</Id>", "<ElctrncSeqNb>\(s + 1)</ElctrncSeqNb>", "<LglSeqNb>\(s + 7)</LglSeqNb>",
            ][pick(3)]
            body +=
                "<Stmt>\(identity)<Acct><Id><IBAN>\(account)</IBAN></Id></Acct>"
                + balance("OPBD", opening) + balance("CLBD", closing) + "\n" + entries + "</Stmt>\n"
            expected[account] = model
        }
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
            <GrpHdr><MsgId>G\(seed)</MsgId><CreDtTm>2026-10-31T22:00:00Z</CreDtTm></GrpHdr>
            \(body)</BkToCstmrStmt></Document>
            """
        return Generated(xml: xml, expected: expected)
    }

    @Test(arguments: 1...300 as ClosedRange<UInt64>)
    func storedEntriesAddUpToTheStatementWhateverReferencesAreMissing(seed: UInt64) throws {
        let generated = Self.generate(seed: seed)
        let report = try readXML(generated.xml)
        // The same file delivered again, laid out differently, adds nothing: the store keeps the first
        // record of each key.
        let again = try readXML(generated.xml.replacingOccurrences(of: "<Ntry>", with: "\n  <Ntry>"))
        var stored: [RecordKey: BankEntry] = [:]
        for record in report.records + again.records where stored[record.key] == nil {
            stored[record.key] = try BankEntry(canonical: record.parsedCanonical())
        }
        #expect(Set(again.records.map(\.key)).isSubset(of: Set(report.records.map(\.key))))
        #expect(Set(report.records.map(\.key)).count == report.records.count, "seed \(seed): two entries share a key")
        for (account, expected) in generated.expected {
            let mine = stored.values.filter { $0.iban == account }
            let credits = mine.filter { $0.direction == .credit }.reduce(0) { $0 + $1.amount }
            let debits = mine.filter { $0.direction == .debit }.reduce(0) { $0 + $1.amount }
            #expect((credits, debits) == (expected.credits, expected.debits), "seed \(seed), account \(account)")
            let statement = try #require(report.statements.first { $0.account == account })
            #expect(statement.totals.credits.amount == expected.entryCredits, "seed \(seed)")
            #expect(statement.totals.debits.amount == expected.entryDebits, "seed \(seed)")
            #expect(statement.totals.credits.count + statement.totals.debits.count == expected.booked, "seed \(seed)")
            #expect(statement.totals.notBooked == expected.notBooked, "seed \(seed)")
            #expect(statement.agreement == .agrees, "seed \(seed)")
        }
        #expect(report.rejected.isEmpty, "seed \(seed)")
    }
}
