import Foundation
import Testing

@testable import ReconcileKit

@Suite struct CamtBrokenFileTests {
    @Test func malformedXMLFailsWithLineAndColumn() throws {
        let error = try #require(camtError { try readFixture("malformed") })
        #expect(error.code == .malformedXML)
        #expect(error.line == 7)
        #expect(error.column > 0)
        #expect(error.reason.contains("tag mismatch"))
        #expect(error.description.hasPrefix("bank report 'malformed.xml' line 7 column "))
    }

    @Test func truncatedFileFails() throws {
        let error = try #require(camtError { try readFixture("truncated") })
        #expect(error.code == .malformedXML)
        #expect(error.reason == "document ends before its elements are closed (truncated file)")
        #expect(error.line == 44)
    }

    @Test func contentAfterTheRootIsMalformedButNotTruncation() throws {
        let xml = statement(entries: entry()) + "<Extra/>"
        let error = try #require(camtError { try readXML(xml) })
        #expect(error.code == .malformedXML)
        #expect(!error.reason.contains("truncated"))
    }

    @Test(arguments: [100, 1000, 3000, 5000])
    func everyTruncationOfAGoodFileFails(length: Int) throws {
        let bytes = Array(try bankFixture("camt053_v08_bankA").prefix(length))
        let error = try #require(camtError { try CamtReader().read(bytes: bytes, tenants: fixtureTenants) })
        #expect(error.code == .malformedXML)
        #expect(error.reason.contains("truncated"))
    }

    @Test func billionLaughsIsRefusedBeforeAnyEntityIsDeclared() throws {
        let error = try #require(camtError { try readFixture("billion_laughs") })
        #expect(error.code == .doctypeRefused)
        #expect(error.line == 2 && error.column == 1)
        #expect(error.reason.hasPrefix("document type declaration (DTD) refused"))
    }

    @Test func billionLaughsIsRefusedEvenWithoutThePrologGuard() throws {
        var reader = CamtReader()
        reader.guardsProlog = false
        let bytes = try bankFixture("billion_laughs")
        let error = try #require(camtError { try reader.read(bytes: bytes, tenants: fixtureTenants) })
        #expect(error.code == .doctypeRefused || error.code == .malformedXML)
    }

    @Test func externalEntityIsRefusedAndTheFileIsNeverRead() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("camt-xxe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = directory.appendingPathComponent("secret.txt")
        try Data("SECRET-MARKER-42".utf8).write(to: secret)
        let xml = try String(decoding: bankFixture("external_entity"), as: UTF8.self)
            .replacingOccurrences(of: "file:///etc/passwd", with: secret.absoluteString)
            .replacingOccurrences(of: "file:///etc/hostname", with: secret.absoluteString)

        let error = try #require(camtError { try readXML(xml) })
        #expect(error.code == .doctypeRefused)
        #expect(error.line == 2)
        #expect(!error.description.contains("SECRET"))

        var unguarded = CamtReader()
        unguarded.guardsProlog = false
        switch Result(catching: { () throws(CamtError) in try readXML(xml, reader: unguarded) }) {
        case .success(let report):
            #expect(!report.records.contains { $0.canonicalText.contains("SECRET") })
        case .failure(let error):
            #expect(!error.description.contains("SECRET"))
        }
    }

    @Test func wrongNamespaceIsNotCamt() throws {
        let error = try #require(camtError { try readFixture("not_camt_pain001") })
        #expect(error.code == .notCamt)
        #expect(error.reason == "XML is not an ISO 20022 camt.052/053/054 report")
        #expect(error.line == 2)
    }

    @Test(arguments: [
        "<Report><Ntry/></Report>",
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrAcctRpt/></Document>",
        "<Document><Something/></Document>",
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"/>",
    ])
    func otherXMLIsNotCamt(xml: String) throws {
        #expect(camtError { try readXML(xml) }?.code == .notCamt)
    }

    @Test(arguments: [
        ("", CamtError.Code.malformedXML),
        ("{\"id\":\"evt_1\"}", .malformedXML),
        ("\u{FEFF}<?xml version=\"1.0\"?><!-- c --><!DOCTYPE x><x/>", .doctypeRefused),
        ("<!-- <!DOCTYPE x> in a comment is fine --><Document><Nothing/></Document>", .notCamt),
    ])
    func prologIsCheckedBeforeParsing(xml: String, code: CamtError.Code) throws {
        #expect(camtError { try readXML(xml) }?.code == code)
    }

    @Test func utf16DocumentIsRefused() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "<Document/>".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let error = try #require(camtError { try CamtReader().read(bytes: bytes, tenants: [:]) })
        #expect(error.code == .unsupportedEncoding)
    }

    @Test func nestingBeyondTheLimitFailsTheFile() throws {
        let deep = String(repeating: "<a>", count: 80) + String(repeating: "</a>", count: 80)
        let xml = statement(entries: entry(extra: "<NtryDtls>\(deep)</NtryDtls>"))
        #expect(camtError { try readXML(xml) }?.code == .limitExceeded)
    }

    @Test func undeclaredPrefixIsMalformed() throws {
        let xml = "<camt:Document><camt:BkToCstmrStmt/></camt:Document>"
        #expect(camtError { try readXML(xml) }?.code == .malformedXML)
    }

    @Test func failingSourceIsAnInputError() throws {
        let error = camtError { try CamtReader().read(ibanToTenant: { _ in nil }) { _ in -1 } }
        #expect(error?.code == .inputFailed)
    }

    @Test func errorsNeverQuoteCustomerText() throws {
        var bytes = Array(
            statement(
                entries: entry(extra: "<NtryDtls><TxDtls><RmtInf><Ustrd>Anna</Ustrd></RmtInf></TxDtls></NtryDtls>")
            ).utf8)
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("Anna".utf8)) })
        bytes[at + 1] = 0xC3  // a lone UTF-8 lead byte: invalid
        let error = try #require(camtError { try CamtReader().read(bytes: bytes, tenants: [:]) })
        #expect(error.code == .malformedXML)
        #expect(!error.description.contains("Anna") && !error.description.contains("0x"))
    }
}

@Suite struct CamtPrologGuardTests {
    @Test(arguments: [1, 2, 3, 5, 8])
    func doctypeSplitAcrossChunksIsStillRefused(chunk: Int) throws {
        let bytes = try bankFixture("billion_laughs")
        var offset = 0
        let error = camtError {
            try CamtReader().read(ibanToTenant: { _ in nil }) { buffer in
                let n = min(chunk, buffer.count, bytes.count - offset)
                for i in 0..<n { buffer[i] = bytes[offset + i] }
                offset += n
                return n
            }
        }
        #expect(error?.code == .doctypeRefused)
        #expect(error?.line == 2 && error?.column == 1)
    }

    @Test func guardPassesAtTheRootElementAfterDeclarationCommentsAndInstructions() {
        var guardian = XMLPrologGuard()
        let text = "\u{FEFF}<?xml version=\"1.0\"?>\n<!-- a -- b --->\n<?pi x?>\n<Document>"
        let verdict = Array(text.utf8).withUnsafeBytes { guardian.feed($0) }
        #expect(verdict == .passed)
    }
}
