import Foundation
import Testing

@testable import ReconcileKit

/// Loads a bank fixture's bytes from the test bundle.
func bankFixture(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
    let url = try #require(
        Bundle.module.url(forResource: name, withExtension: "xml", subdirectory: "Fixtures/bank"),
        "missing fixture \(name).xml", sourceLocation: sourceLocation)
    return Array(try Data(contentsOf: url))
}

/// The tenants of the fixtures, by normalised IBAN.
let fixtureTenants: [String: TenantID] = [
    "DE89370400440532013000": TenantID("tnt_bella"),
    "GB29NWBK60161331926819": TenantID("tnt_rose"),
]

func readFixture(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CamtReport {
    try CamtReader().read(
        bytes: try bankFixture(name, sourceLocation: sourceLocation), path: "\(name).xml", tenants: fixtureTenants)
}

/// Reads XML text written in a test.
func readXML(_ text: String, reader: CamtReader = CamtReader()) throws(CamtError) -> CamtReport {
    try reader.read(bytes: Array(text.utf8), tenants: fixtureTenants)
}

/// The error a read throws, or nil when it succeeds (any other error fails the test).
func camtError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> CamtReport) -> CamtError? {
    do {
        _ = try body()
        return nil
    } catch let error as CamtError {
        return error
    } catch {
        Issue.record(error, sourceLocation: sourceLocation)
        return nil
    }
}

extension Record {
    var canonicalText: String { String(decoding: canonical, as: UTF8.self) }
}

extension CamtReport {
    func record(id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Record {
        try #require(records.first { $0.key.id == id }, "no record \(id)", sourceLocation: sourceLocation)
    }
}

/// A minimal camt.053.001.08 document around the given `Ntry` elements.
func statement(iban: String = "DE89370400440532013000", entries: String) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
    <GrpHdr><MsgId>T</MsgId><CreDtTm>2026-09-14T22:00:00</CreDtTm></GrpHdr>
    <Stmt><Id>S</Id><Acct><Id><IBAN>\(iban)</IBAN></Id></Acct>
    \(entries)
    </Stmt></BkToCstmrStmt></Document>
    """
}

/// One booked credit entry with the given amount element and extra children.
func entry(amount: String = #"<Amt Ccy="EUR">1.00</Amt>"#, ref: String? = "R-1", extra: String = "") -> String {
    let reference = ref.map { "<AcctSvcrRef>\($0)</AcctSvcrRef>" } ?? ""
    return """
        <Ntry>\(amount)<CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>\
        <BookgDt><Dt>2026-09-14</Dt></BookgDt><ValDt><Dt>2026-09-14</Dt></ValDt>\(reference)\(extra)</Ntry>
        """
}
