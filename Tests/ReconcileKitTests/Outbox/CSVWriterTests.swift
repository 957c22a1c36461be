import Testing

@testable import ReconcileKit

@Suite struct CSVWriterTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("carriage\rreturn", "\"carriage\rreturn\""),
        ("", ""),
        ("Bella & Söhne", "Bella & Söhne"),
    ])
    func fieldsAreQuotedOnlyWhenRFC4180RequiresIt(input: String, expected: String) {
        #expect(CSVWriter.field(input) == expected)
    }

    @Test func recordsEndWithCRLFIncludingTheLast() {
        var csv = CSVWriter()
        csv.header(["a", "b"])
        csv.row([.text("x"), .integer(1)])
        #expect(OutboxFixtures.text(csv.bytes) == "a,b\r\nx,1\r\n")
    }

    @Test(arguments: ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
    func textThatASpreadsheetWouldEvaluateGetsALeadingApostrophe(input: String) {
        var csv = CSVWriter()
        csv.row([.text(input)])
        let cell = OutboxFixtures.text(csv.bytes)
        #expect(cell.hasPrefix("'") || cell.hasPrefix("\"'"), "\(cell)")
    }

    @Test func amountsAndIntegersStayNumbersEvenWhenNegative() {
        var csv = CSVWriter()
        csv.row([.amount(-1250), .integer(-3), .amount(5), .empty, .text("-12.50")])
        #expect(OutboxFixtures.text(csv.bytes) == "-12.50,-3,0.05,,'-12.50\r\n")
    }

    @Test func statementCSVHasOneRowPerLineAfterTheHeaderAndNoTotalsRow() {
        let text = OutboxFixtures.text(OutboxFixtures.statement.renderCSV())
        let rows = text.components(separatedBy: "\r\n").dropLast()
        #expect(rows.count == OutboxFixtures.statement.lines.count + 1)
        #expect(rows.first == CommissionStatement.csvColumns.joined(separator: ","))
        #expect(
            rows.dropFirst().allSatisfy { $0.hasPrefix("tnt_bella,2026-09,2026-09-") },
            "every row names tenant and month; no Total row")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends with CRLF")
    }

    @Test func exceptionsCSVQuotesDetailsAndLeavesUnknownAmountsEmpty() {
        let text = OutboxFixtures.text(OutboxFixtures.report.renderExceptionsCSV())
        #expect(text.contains(#""ledger ""REFUNDED"", platform ""PAID""""#))
        let credit = text.components(separatedBy: "\r\n").first { $0.hasPrefix("unmatched_bank_credit,tnt_bella,") }
        #expect(credit?.contains(",EUR,,,1200.00,,,") == true, "a credit's amount in the bank column, the others empty")
    }
}
