import Testing

@testable import ReconcileKit

/// The shapes of real bank files (SPEC §3.3): no entry dropped, nothing silent.
@Suite struct CamtRealShapeTests {
    /// Credits minus debits of records, signed: what the store holds for a statement.
    static func net(_ records: [Record]) -> Int64 {
        records.filter { $0.key.kind == .bankEntry }.reduce(0) { sum, r in
            let value = try! BankEntry(canonical: r.parsedCanonical())
            return sum + (value.direction == .credit ? value.amount : -value.amount)
        }
    }

    @Test func twinEntriesWithoutReferencesAreTwoEntriesNamedByStatementAndPosition() throws {
        let report = try readFixture("camt053_twins_without_references")
        let prefix = "camt.053/DE89370400440532013000/2026-12-STMT-0342#"
        #expect(report.records.map(\.key.id) == (1...4).map { "\(prefix)\($0)" })
        #expect(report.records[0].canonical != report.records[1].canonical)
        #expect(Set(report.records.map(\.key)).count == 4)
        let statement = try #require(report.statements.first)
        #expect(statement.totals.debits == CamtStatement.Sum(count: 3, amount: 10_396))
        #expect(statement.totals.credits == CamtStatement.Sum(count: 1, amount: 12_000))
        #expect(statement.agreement == .agrees)
        #expect(87_539 + Self.net(report.records) == 89_143)
    }

    @Test func theSameStatementDeliveredTwiceGivesTheSameRecords() throws {
        let bytes = try bankFixture("camt053_twins_without_references")
        let again = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "  ", with: " ")
        let a = try CamtReader().read(bytes: bytes, tenants: fixtureTenants)
        let b = try readXML(again)
        #expect(a.records.map(\.key) == b.records.map(\.key))
        #expect(a.records.map(\.objectID) == b.records.map(\.objectID))
        #expect(a.statements.map(\.record.objectID) == b.statements.map(\.record.objectID))
    }

    @Test func statementWithoutIdIsNamedBySequenceNumber() throws {
        let xml = statement(entries: entry(ref: nil)).replacingOccurrences(
            of: "<Id>S</Id>", with: "<ElctrncSeqNb>17</ElctrncSeqNb>")
        #expect(try readXML(xml).records.map(\.key.id) == ["camt.053/DE89370400440532013000/ElctrncSeqNb:17#1"])
    }

    @Test func entriesWithoutDatesTakeRelatedDatesThenThePeriodThenTheCreationTime() throws {
        let report = try readFixture("camt053_entries_without_dates")
        #expect(report.rejected.isEmpty)
        #expect(report.records.count == 3)
        let values = try report.records.map { try BankEntry(canonical: $0.parsedCanonical()) }
        #expect(values.map { $0.date?.text } == ["2026-11-12", "2026-11-30", "2026-12-01"])
        #expect(values.map(\.dateSource) == ["RltdDts", "FrToDt", "CreDtTm"])
        #expect(values.allSatisfy { $0.bookingDate == nil && $0.valueDate == nil })
        #expect(report.records[0].time == ISODate.unixSeconds("2026-11-12"))
        #expect(report.statements.map(\.agreement) == [.agrees, .notChecked("no opening and closing balances")])
    }

    @Test func pendingAndInformationEntriesAreCountedAndListedNotStored() throws {
        let report = try readFixture("camt053_pending_info_reversal")
        #expect(report.notBooked.map(\.status) == ["PDNG", "INFO"])
        #expect(report.notBooked.map(\.reference) == ["PD-0001", "IN-0001"])
        #expect(report.notBooked.map(\.amount) == [30_000, 7_600])
        #expect(report.notBooked.map(\.direction) == [.credit, .credit])
        #expect(report.notBooked.map(\.location.line) == [40, 47])
        #expect(report.records.map(\.key.id) == ["RV-0001", "RV-0002"])
        #expect(report.statements.first?.totals.notBooked == 2)
    }

    @Test func reversalIsMarkedInTheEntry() throws {
        let report = try readFixture("camt053_pending_info_reversal")
        let values = try report.records.map { try BankEntry(canonical: $0.parsedCanonical()) }
        #expect(values.map(\.isReversal) == [false, true])
        #expect(!report.records[0].canonicalText.contains("reversal"))
        #expect(report.records[1].canonicalText.contains(#""reversal":true"#))
        #expect(report.statements.first?.agreement == .agrees)
        #expect(report.statements.first?.opening?.amount == -5_000)
    }

    @Test func documentInsideASwiftEnvelopeIsReadAsIfItStoodAlone() throws {
        let report = try readFixture("camt053_swift_envelope")
        #expect(report.message == CamtMessage(type: .statement, version: 8))
        #expect(
            report.records.map(\.key) == [RecordKey(kind: .bankEntry, tenantID: TenantID("tnt_rose"), id: "ENV-0001")])
        #expect(report.statements.map(\.agreement) == [.agrees])
        let alone = """
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt><Id>ENV-STMT-20261015-GBP</Id>\
            <Acct><Id><IBAN>GB29NWBK60161331926819</IBAN></Id></Acct><Ntry><Amt Ccy="GBP">250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>\
            <Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-10-15</Dt></BookgDt><AcctSvcrRef>ENV-0001</AcctSvcrRef>\
            <NtryDtls><TxDtls><Refs><EndToEndId>BK-ENV1</EndToEndId></Refs></TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>
            """
        #expect(try readXML(alone).records.map(\.objectID) == report.records.map(\.objectID))
    }

    @Test func envelopeWithoutACamtDocumentIsNotCamt() throws {
        let xml =
            #"<Envelope><AppHdr><MsgDefIdr>pacs.008.001.08</MsgDefIdr></AppHdr>"#
            + #"<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf/></Document></Envelope>"#
        #expect(camtError { try readXML(xml) }?.code == .notCamt)
    }

    @Test func batchIsSplitByItsTransactionsOwnAmountsAndDirections() throws {
        let report = try readFixture("camt053_batch_disagrees")
        let parts = try (1...3).map { try BankEntry(canonical: report.record(id: "BATCH-MIX/\($0)").parsedCanonical()) }
        #expect(parts.map(\.amount) == [5_000, 6_000, 2_000])
        #expect(parts.map(\.direction) == [.credit, .credit, .debit])
        #expect(parts.map(\.references) == [["BK-MIX1"], ["BK-MIX2"], ["RETURN-MIX3"]])
    }

    @Test func batchWhoseTransactionsDoNotAddUpIsKeptWholeAndReported() throws {
        let report = try readFixture("camt053_batch_disagrees")
        let short = try BankEntry(canonical: report.record(id: "BATCH-SHORT").parsedCanonical())
        #expect(short.amount == 10_000)
        #expect(short.references == ["BK-SHORT1", "BK-SHORT2"])
        let sek = try BankEntry(canonical: report.record(id: "BATCH-SEK").parsedCanonical())
        #expect((sek.amount, sek.currency) == (20_000_000, "SEK"))
        #expect(
            report.keptWhole.map(\.reason) == [
                "batched entry kept whole: its 2 transactions do not add up to the entry's amount",
                "batched entry kept whole: transaction 1 has no amount in the entry's currency SEK",
            ])
        #expect(!report.records.contains { $0.key.id.hasPrefix("BATCH-SHORT/") || $0.key.id.hasPrefix("BATCH-SEK/") })
        #expect(report.statements.first?.agreement == .agrees)
        #expect(Self.net(Array(report.records.prefix(4))) == 19_000)
    }

    @Test func accountWithoutIBANMapsToTheTenantListingItAmongItsBankAccounts() throws {
        let bytes = try bankFixture("camt053_other_account")
        let unknown = try CamtReader().read(bytes: bytes, tenants: fixtureTenants)
        #expect(unknown.records.map(\.key.tenantID) == [.global])
        let export =
            #"{"id":"tnt_bella","slug":"bella","name":"Bella","commissionPercent":"10","bankAccounts":["00123 45678"]}"#
        let tenant = try ExportDecoder.decode(
            try JSONParser().parse(Array(export.utf8)), kind: .tenant, exportedAt: 0,
            at: Location(line: 1, byteOffset: 0))
        #expect(tenant.canonicalText.contains(#""bankAccounts":["0012345678"]"#))
        let directory = TenantDirectory(versions: [
            try TenantVersion(canonical: tenant.parsedCanonical(), exportedAt: 0)
        ])
        let known = try CamtReader().read(bytes: bytes, ibanToTenant: { directory.tenant(forAccount: $0) })
        #expect(
            known.records.map(\.key) == [RecordKey(kind: .bankEntry, tenantID: TenantID("tnt_bella"), id: "OTHR-0001")])
        #expect(known.records[0].canonicalText.contains(#""iban":"0012345678""#))
        #expect(known.statements.map(\.tenantID) == [TenantID("tnt_bella")])
    }

    @Test func statementWhoseBalancesDoNotAgreeSaysByHowMuch() throws {
        let report = try readFixture("camt053_balances_disagree")
        let statement = try #require(report.statements.first)
        #expect(statement.agreement == .differs(by: -7_000))
        #expect(statement.identity == "camt.053/DE89370400440532013000/GAP-STMT-20261105")
        #expect(statement.legalSequence == "311")
        #expect(statement.opening == CamtStatement.Balance(type: "OPBD", amount: 10_000, currency: "EUR"))
        #expect(statement.closing == CamtStatement.Balance(type: "CLBD", amount: 20_000, currency: "EUR"))
    }

    @Test func aStatementRecordReadsBackAsTheSameStatement() throws {
        for name in ["camt053_balances_disagree", "camt053_twins_without_references", "camt053_entries_without_dates"] {
            for statement in try readFixture(name).statements {
                let back = try CamtStatement(canonical: statement.record.parsedCanonical())
                #expect(back.agreement == statement.agreement)
                #expect(back.totals == statement.totals)
                #expect(
                    (back.identity, back.account, back.message) == (
                        statement.identity, statement.account, statement.message
                    ))
            }
        }
    }

    @Test func anEntryRejectedForAnImpossibleDateStillFailsTheBalanceCheck() throws {
        let bad =
            "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-02-30</Dt></BookgDt></Ntry>"
        let balances =
            "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">0</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>"
            + "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">2.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>"
        let report = try readXML(statement(entries: balances + bad + entry()))
        #expect(report.rejected.map(\.reason) == ["BookgDt is not a calendar date"])
        #expect(report.statements.first?.agreement == .differs(by: -100))
        #expect(report.statements.first?.totals.rejected == 1)
    }
}

@Suite struct CamtEncodingTests {
    @Test func aByteOrderMarkAndAnISO88591DeclarationAreAccepted() throws {
        let body = statement(
            entries: entry(
                extra: "<NtryDtls><TxDtls><RmtInf><Ustrd>Caf\u{E9} BK-7Q2M</Ustrd></RmtInf></TxDtls></NtryDtls>"))
        let withBOM = [0xEF, 0xBB, 0xBF] + Array(body.utf8)
        #expect(try CamtReader().read(bytes: withBOM, tenants: fixtureTenants).records.count == 1)

        let latin1Text = body.replacingOccurrences(of: #"encoding="UTF-8""#, with: #"encoding="ISO-8859-1""#)
        let latin1 = latin1Text.unicodeScalars.map { UInt8($0.value) }  // every scalar here is below 256
        let report = try CamtReader().read(bytes: latin1, tenants: fixtureTenants)
        #expect(report.records.first?.canonicalText.contains(#""Café BK-7Q2M""#) == true)
    }
}
