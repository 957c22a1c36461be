import Testing

@testable import ReconcileKit

@Suite struct CamtStatementTests {
    @Test func defaultNamespaceStatementGivesCanonicalBankEntries() throws {
        let report = try readFixture("camt053_v08_bankA")
        #expect(report.message == CamtMessage(type: .statement, version: 8))
        let first = try report.record(id: "2026091400001")
        #expect(
            first.canonicalText == #"{"amount":10000,"bookingDate":"2026-09-14","currency":"EUR","direction":"CRDT","#
                + #""iban":"DE89370400440532013000","id":"2026091400001","kind":"bank_entry","#
                + #""references":["BK-7Q2M","cs_test_a1B2c3"],"tenantId":"tnt_bella","valueDate":"2026-09-15"}"#)
        #expect(first.key == RecordKey(kind: .bankEntry, tenantID: TenantID("tnt_bella"), id: "2026091400001"))
        #expect(first.time == 1_789_344_000)  // 2026-09-14T00:00:00Z
        #expect(first.location.line == 28)
        #expect(first.location.byteOffset > 0)
    }

    @Test func onlyTheEntrysOwnAmtIsTheEntryAmountNotTheNestedInstructedAmount() throws {
        let first = try readFixture("camt053_v08_bankA").record(id: "2026091400001")
        #expect(first.canonicalText.contains(#""amount":10000,"#))
        #expect(first.canonicalText.contains(#""currency":"EUR""#))
        #expect(!first.canonicalText.contains("USD"))
    }

    @Test func prefixedVersion02StatementIsReadByLocalName() throws {
        let report = try readFixture("camt053_v02_bankB")
        #expect(report.message == CamtMessage(type: .statement, version: 2))
        #expect(report.records.map(\.key.id) == ["GB-BATCH-77/1", "GB-BATCH-77/2", "GB-BATCH-77/3", "GB-778"])
        #expect(report.records.allSatisfy { $0.key.tenantID == TenantID("tnt_rose") })
        #expect(report.records.allSatisfy { $0.canonicalText.contains(#""iban":"GB29NWBK60161331926819""#) })
        #expect(report.rejected.isEmpty && report.notBooked.isEmpty)
    }

    @Test func debitEntryKeepsItsDirection() throws {
        let debit = try readFixture("camt053_v02_bankB").record(id: "GB-778")
        #expect(
            debit.canonicalText == #"{"amount":2500,"bookingDate":"2026-09-14","currency":"GBP","direction":"DBIT","#
                + #""iban":"GB29NWBK60161331926819","id":"GB-778","kind":"bank_entry","references":["REFUND-BK-B009"],"#
                + #""tenantId":"tnt_rose","valueDate":"2026-09-14"}"#)
    }

    @Test func entryWithoutAccountServicerReferenceUsesNtryRef() throws {
        let fee = try readFixture("camt053_v08_bankA").record(id: "NREF-3")
        #expect(fee.canonicalText.contains(#""amount":1234,"#))
        #expect(fee.canonicalText.contains(#""direction":"DBIT""#))
        #expect(fee.canonicalText.contains(#""references":[]"#))
    }

    @Test func entryWithNoReferenceAtAllIsNamedByItsStatementAndPosition() throws {
        let report = try readFixture("camt053_v08_bankA")
        let tip = try #require(report.records.first { $0.canonicalText.contains(#""amount":500,"#) })
        #expect(tip.key.id == "camt.053/DE89370400440532013000/STMT-20260914-A-EUR#6")
        #expect(tip.canonicalText.contains(#""id":"\#(tip.key.id)""#))
    }

    @Test func fallbackIDIsStableAcrossReads() throws {
        let xml = statement(entries: entry(ref: nil))
        let a = try readXML(xml)
        let b = try readXML(xml.replacingOccurrences(of: "><", with: ">\n  <"))
        #expect(a.records.map(\.objectID) == b.records.map(\.objectID))
        #expect(a.records.first?.key.id == "camt.053/DE89370400440532013000/S#1")
    }

    @Test func unknownAccountBelongsToTheGlobalTenant() throws {
        let report = try readXML(statement(iban: "FR7630006000011234567890189", entries: entry()))
        #expect(report.records.first?.key.tenantID == .global)
        #expect(report.records.first?.canonicalText.contains(#""tenantId":"_global""#) == true)
    }

    @Test func accountWithoutIBANUsesItsOtherIdentificationNormalised() throws {
        let report = try readFixture("camt053_v08_bankA")
        let yen = try report.record(id: "JP-0001")
        #expect(yen.canonicalText.contains(#""iban":"0123456789""#))
        #expect(yen.key.tenantID == .global)
    }

    @Test func tenantLookupReceivesTheNormalisedIBAN() throws {
        var asked: [String] = []
        _ = try CamtReader().read(bytes: try bankFixture("camt054_v08_notification")) { iban in
            asked.append(iban)
            return nil
        }
        #expect(!asked.isEmpty && Set(asked) == ["DE89370400440532013000"])
    }

    @Test func eachStatementUsesItsOwnAccount() throws {
        let report = try readFixture("camt053_v08_bankA")
        #expect(try report.record(id: "BH-0001").canonicalText.contains(#""iban":"BH67BMAG00001299123456""#))
        #expect(try report.record(id: "2026091400002/1").canonicalText.contains(#""iban":"DE89370400440532013000""#))
    }

    @Test func recordsComeInDocumentOrder() throws {
        let ids = try readFixture("camt053_v08_bankA").records.map(\.key.id)
        #expect(ids.count == 8)
        #expect(
            Array(ids.prefix(5)) == [
                "2026091400001", "2026091400002/1", "2026091400002/2", "2026091400002/3", "NREF-3",
            ])
        #expect(Array(ids.suffix(2)) == ["JP-0001", "BH-0001"])
    }
}

@Suite struct CamtLocationTests {
    @Test func entryLinesStayExactEnoughPastLine65535() throws {
        let padding = String(repeating: "\n", count: 70_000)
        let xml = statement(
            entries: padding + "<Ntry>\n<Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
                + "<BookgDt><Dt>2026-09-14</Dt></BookgDt><AcctSvcrRef>FAR</AcctSvcrRef></Ntry>\n" + padding
                + entry(ref: "FARTHER"))
        let report = try readXML(xml)
        let lines = report.records.map { $0.location.line ?? 0 }
        let ntryLine = 5 + 70_000  // the statement template puts its entries on line 5
        #expect(lines.count == 2)
        #expect(lines[0] == ntryLine || lines[0] == ntryLine + 1)
        #expect(lines[1] == ntryLine + 2 + 70_000)
    }

    @Test func byteOffsetsGrowThroughTheFile() throws {
        let offsets = try readFixture("camt053_v08_bankA").records.map(\.location.byteOffset)
        #expect(offsets == offsets.sorted())
        #expect(Set(offsets).count == 6)
    }
}
