import Testing

@testable import ReconcileKit

@Suite struct CamtEntryRuleTests {
    @Test func batchedEntryIsSplitIntoOneRecordPerTransactionWithItsOwnAmount() throws {
        let report = try readFixture("camt053_v08_bankA")
        let parts = try (1...3).map { try report.record(id: "2026091400002/\($0)") }
        #expect(parts.map { $0.canonicalText.contains(#""amount":10000,"#) } == [true, false, false])
        #expect(parts[1].canonicalText.contains(#""amount":15000,"#))
        #expect(parts[2].canonicalText.contains(#""amount":20000,"#))
        #expect(parts[0].canonicalText.contains(#""references":["BK-AAA1"]"#))
        #expect(parts[1].canonicalText.contains(#""references":["RF18539007547034"]"#))
        #expect(parts[2].canonicalText.contains(#""references":["pi_3Nabc"]"#))
        #expect(!report.records.contains { $0.key.id == "2026091400002" })
        #expect(Set(parts.map(\.location)).count == 1)
    }

    @Test func batchedVersion02EntryTakesAmountsFromAmtDtlsTxAmt() throws {
        let report = try readFixture("camt053_v02_bankB")
        let amounts = report.records.prefix(3).map { r in r.canonicalText.split(separator: ",").first.map(String.init) }
        #expect(amounts == [#"{"amount":5000"#, #"{"amount":10000"#, #"{"amount":15000"#])
        #expect(report.records[2].canonicalText.contains(#""references":["BK-B003","BK-B003 & deposit"]"#))
    }

    @Test func batchedEntryWithATransactionWithoutAmountIsKeptWholeAndReported() throws {
        let tx = "<TxDtls><Refs><EndToEndId>A</EndToEndId></Refs><Amt Ccy=\"EUR\">0.50</Amt></TxDtls>"
        let bare = "<TxDtls><Refs><EndToEndId>B</EndToEndId></Refs></TxDtls>"
        let report = try readXML(statement(entries: entry(extra: "<NtryDtls>\(tx)\(bare)</NtryDtls>")))
        #expect(report.records.map(\.key.id) == ["R-1"])
        #expect(report.records[0].canonicalText.contains(#""amount":100,"#))
        #expect(report.records[0].canonicalText.contains(#""references":["A","B"]"#))
        #expect(report.rejected.isEmpty)
        #expect(report.keptWhole.map(\.reason) == ["batched entry kept whole: transaction 2 has no amount of its own"])
    }

    @Test func transactionsAcrossSeveralNtryDtlsAreNumberedTogether() throws {
        let tx = { (e: String, a: String) in
            "<NtryDtls><TxDtls><Refs><EndToEndId>\(e)</EndToEndId></Refs><Amt Ccy=\"EUR\">\(a)</Amt></TxDtls></NtryDtls>"
        }
        let report = try readXML(
            statement(entries: entry(amount: #"<Amt Ccy="EUR">3.00</Amt>"#, extra: tx("A", "1.00") + tx("B", "2.00"))))
        #expect(report.records.map(\.key.id) == ["R-1/1", "R-1/2"])
    }

    @Test(arguments: [
        ("JPY", "12500", 12500),
        ("BHD", "1.234", 1234),
        ("EUR", "0.5", 50),
        ("EUR", " 7 ", 700),
        ("KWD", "10", 10000),
        ("CLF", "1.2345", 12345),
        ("XYZ", "1.23", 123),
    ])
    func amountsBecomeExactMinorUnitsOfTheirCurrency(currency: String, text: String, expected: Int64) {
        #expect(CurrencyAmount.minorUnits(text, exponent: CurrencyAmount.exponent(of: currency)) == .success(expected))
    }

    @Test(arguments: [
        ("JPY", "100.0", CurrencyAmount.Failure.tooManyDecimals(found: 1, allowed: 0)),
        ("EUR", "10.001", .tooManyDecimals(found: 3, allowed: 2)),
        ("BHD", "1.2345", .tooManyDecimals(found: 4, allowed: 3)),
        ("EUR", "-1.00", .notADecimal),
        ("EUR", "1e3", .notADecimal),
        ("EUR", "1.", .notADecimal),
        ("EUR", ".5", .notADecimal),
        ("EUR", "", .notADecimal),
        ("EUR", "1,50", .notADecimal),
        ("EUR", "99999999999999999999", .tooLarge),
    ])
    func badAmountsAreRefused(currency: String, text: String, expected: CurrencyAmount.Failure) {
        #expect(CurrencyAmount.minorUnits(text, exponent: CurrencyAmount.exponent(of: currency)) == .failure(expected))
    }

    @Test func zeroAndThreeDecimalCurrenciesInAStatement() throws {
        let report = try readFixture("camt053_v08_bankA")
        #expect(try report.record(id: "JP-0001").canonicalText.contains(#""amount":12500,"#))
        #expect(try report.record(id: "JP-0001").canonicalText.contains(#""currency":"JPY""#))
        #expect(try report.record(id: "BH-0001").canonicalText.contains(#""amount":1234,"#))
    }

    @Test func bookingDateTimeGivesItsDatePart() throws {
        let bhd = try readFixture("camt053_v08_bankA").record(id: "BH-0001")
        #expect(bhd.canonicalText.contains(#""bookingDate":"2026-09-14""#))
        #expect(bhd.time == 1_789_344_000)
    }

    @Test func entryWithTooManyDecimalsIsRejectedAloneAndTheRestIsKept() throws {
        let report = try readFixture("camt053_v08_bankA")
        #expect(
            report.rejected == [
                CamtIssue(location: report.rejected[0].location, reason: "Amt has 3 decimals, EUR allows 2")
            ])
        #expect(report.rejected[0].location.line == 96)
        #expect(!report.records.contains { $0.key.id == "2026091400004" })
        #expect(report.records.count == 8)
    }

    @Test func pendingEntriesAreListedNotRecorded() throws {
        let report = try readFixture("camt053_v08_bankA")
        #expect(report.notBooked.map(\.status) == ["PDNG"])
        #expect(report.notBooked.map(\.reference) == ["2026091400005"])
        #expect(!report.records.contains { $0.key.id == "2026091400005" })
    }

    @Test(arguments: [
        (entry(amount: #"<Amt>1.00</Amt>"#), "Amt has no valid Ccy"),
        (entry(amount: #"<Amt Ccy="eur">1.00</Amt>"#), "Amt has no valid Ccy"),
        (entry(amount: ""), "entry has no Amt"),
        (entry(amount: #"<Amt Ccy="EUR">1.00</Amt><Amt Ccy="EUR">2.00</Amt>"#), "entry has more than one Amt"),
        (
            "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDIT</CdtDbtInd><BookgDt><Dt>2026-09-14</Dt></BookgDt></Ntry>",
            "CdtDbtInd is neither CRDT nor DBIT"
        ),
        (
            "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-02-30</Dt></BookgDt></Ntry>",
            "BookgDt is not a calendar date"
        ),
        (entry(extra: "<AcctSvcrRef>R-2</AcctSvcrRef>"), "entry has more than one AcctSvcrRef"),
    ])
    func malformedEntriesAreRejectedWithAReason(xml: String, reason: String) throws {
        let report = try readXML(statement(entries: xml + entry(ref: "GOOD")))
        #expect(report.rejected.map(\.reason) == [reason])
        #expect(report.records.map(\.key.id) == ["GOOD"])
    }

    @Test func valueDateAloneGivesTheTime() throws {
        let xml =
            "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><ValDt><Dt>2026-09-15</Dt></ValDt><NtryRef>V</NtryRef></Ntry>"
        let record = try #require(try readXML(statement(entries: xml)).records.first)
        #expect(record.time == 1_789_344_000 + 86_400)
        #expect(!record.canonicalText.contains("bookingDate"))
    }

    @Test func referencesAreTrimmedDeduplicatedSortedAndWithoutNotProvided() throws {
        let tx =
            "<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><RmtInf>"
            + "<Ustrd> zeta </Ustrd><Ustrd>Alpha</Ustrd><Ustrd>zeta</Ustrd><Ustrd>   </Ustrd>"
            + "<Strd><CdtrRefInf><Ref>BK-1</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls>"
        let record = try #require(try readXML(statement(entries: entry(extra: tx))).records.first)
        #expect(record.canonicalText.contains(#""references":["Alpha","BK-1","zeta"]"#))
    }

    @Test func placeholderReferencesAreNotUsedAsIDs() throws {
        let xml =
            "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-09-14</Dt></BookgDt>"
            + "<AcctSvcrRef>NONREF</AcctSvcrRef><NtryRef>E-9</NtryRef></Ntry>"
        #expect(try readXML(statement(entries: xml)).records.map(\.key.id) == ["E-9"])
    }

    @Test func anEntryLargerThanTheLimitIsRejectedAlone() throws {
        let big = String(repeating: "x", count: 5000)
        let reader = CamtReader(limits: .init(maxEntryBytes: 1000))
        let xml = statement(
            entries: entry(
                ref: "BIG", extra: "<NtryDtls><TxDtls><RmtInf><Ustrd>\(big)</Ustrd></RmtInf></TxDtls></NtryDtls>")
                + entry(ref: "OK"))
        let report = try readXML(xml, reader: reader)
        #expect(report.rejected.map(\.reason) == ["entry exceeds 1000 bytes"])
        #expect(report.records.map(\.key.id) == ["OK"])
    }
}
