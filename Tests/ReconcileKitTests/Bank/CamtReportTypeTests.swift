import Testing

@testable import ReconcileKit

@Suite struct CamtReportTypeTests {
    @Test func intradayReportIsReadFromRpt() throws {
        let report = try readFixture("camt052_v08_intraday")
        #expect(report.message == CamtMessage(type: .accountReport, version: 8))
        #expect(report.message.description == "camt.052.001.08")
        #expect(report.records.map(\.key.id) == ["2026091400001"])
        #expect(report.notBooked.map(\.status) == ["PDNG"])
    }

    @Test func notificationIsReadFromNtfctnWithAnyPrefix() throws {
        let report = try readFixture("camt054_v08_notification")
        #expect(report.message == CamtMessage(type: .notification, version: 8))
        #expect(
            report.records.map(\.key) == [
                RecordKey(kind: .bankEntry, tenantID: TenantID("tnt_bella"), id: "2026091400001")
            ])
    }

    @Test func theSameEntryInIntradayStatementAndNotificationIsOneObject() throws {
        let intraday = try readFixture("camt052_v08_intraday").record(id: "2026091400001")
        let statement = try readFixture("camt053_v08_bankA").record(id: "2026091400001")
        let notice = try readFixture("camt054_v08_notification").record(id: "2026091400001")
        #expect(intraday.canonical == statement.canonical)
        #expect(notice.canonical == statement.canonical)
        #expect(Set([intraday.objectID, statement.objectID, notice.objectID]).count == 1)
        #expect(Set([intraday.key, statement.key, notice.key]).count == 1)
        #expect(Set([intraday.time, statement.time, notice.time]).count == 1)
    }

    @Test func documentWithoutNamespaceIsRecognisedByItsMessageElement() throws {
        let xml = statement(entries: entry()).replacingOccurrences(
            of: #" xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08""#, with: "")
        let report = try readXML(xml)
        #expect(report.message == CamtMessage(type: .statement, version: nil))
        #expect(report.records.count == 1)
    }

    @Test(arguments: [
        ("urn:iso:std:iso:20022:tech:xsd:camt.052.001.02", CamtMessage(type: .accountReport, version: 2)),
        ("urn:iso:std:iso:20022:tech:xsd:camt.053.001.13", CamtMessage(type: .statement, version: 13)),
        ("urn:iso:std:iso:20022:tech:xsd:camt.054.001.04", CamtMessage(type: .notification, version: 4)),
    ])
    func namespacesNameTheMessageAndVersion(uri: String, message: CamtMessage) {
        #expect(CamtDetector.message(namespaceURI: uri) == message)
    }

    @Test(arguments: [
        "urn:iso:std:iso:20022:tech:xsd:camt.056.001.08",
        "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09",
        "urn:iso:std:iso:20022:tech:xsd:camt.053.002.08",
        "urn:iso:std:iso:20022:tech:xsd:camt.053.001.",
        "urn:iso:std:iso:20022:tech:xsd:camt.053.001.0x",
        "http://example.com/camt.053.001.08",
    ])
    func otherNamespacesAreNotCamt(uri: String) {
        #expect(CamtDetector.message(namespaceURI: uri) == nil)
    }

    @Test func namespaceAndMessageElementMustAgree() {
        #expect(
            CamtDetector.classify(
                documentNamespace: "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08",
                messageElement: "BkToCstmrStmt") == nil)
        #expect(
            CamtDetector.classify(documentNamespace: "", messageElement: "BkToCstmrDbtCdtNtfctn")
                == CamtMessage(type: .notification, version: nil))
        #expect(CamtDetector.classify(documentNamespace: "", messageElement: "CstmrCdtTrfInitn") == nil)
    }

    @Test func sniffingRecognisesCamtPrefixesOnly() throws {
        #expect(CamtDetector.looksLikeCamt(prefix: try bankFixture("camt053_v02_bankB").prefix(4096)))
        #expect(CamtDetector.looksLikeCamt(prefix: try bankFixture("camt054_v08_notification").prefix(4096)))
        #expect(!CamtDetector.looksLikeCamt(prefix: try bankFixture("not_camt_pain001")))
        #expect(!CamtDetector.looksLikeCamt(prefix: Array(#"{"note":"BkToCstmrStmt"}"#.utf8)))
    }

    @Test func streamingInTinyChunksGivesTheSameRecords() throws {
        let bytes = try bankFixture("camt053_v08_bankA")
        var offset = 0
        let streamed = try CamtReader().read(ibanToTenant: { fixtureTenants[$0] }) { buffer in
            let n = min(7, buffer.count, bytes.count - offset)
            for i in 0..<n { buffer[i] = bytes[offset + i] }
            offset += n
            return n
        }
        let whole = try readFixture("camt053_v08_bankA")
        #expect(streamed.records.map(\.objectID) == whole.records.map(\.objectID))
        #expect(streamed.records.map(\.location.line) == whole.records.map(\.location.line))
    }
}
