extension ContentDecoder {
    /// Bridges the camt reader into the content decoder: bank entries become records whose tenant
    /// comes from ``tenants``' IBANs and other account ids, each statement becomes a `bank_statement`
    /// record, and a broken report becomes a quarantine with line and column.
    func decodeBankReport(_ bytes: [UInt8]) throws(DecodeFailure) -> DecodedContent {
        let reader = CamtReader(limits: .init(maxDepth: limits.maxDepth, maxEntryBytes: limits.maxRecordBytes))
        let report: CamtReport
        do throws(CamtError) {
            report = try reader.read(bytes: bytes, ibanToTenant: { tenants.tenant(forAccount: $0) })
        } catch {
            let column = error.column > 0 ? "column \(error.column): " : ""
            throw DecodeFailure(
                column + error.reason, at: Location(line: error.line > 0 ? error.line : nil, byteOffset: 0))
        }
        var content = DecodedContent(format: .bankReport, source: .bankReport)
        content.records = report.records + report.statements.map(\.record)
        content.bankNotes = BankReportNotes(
            statements: report.statements, notBooked: report.notBooked, keptWhole: report.keptWhole)
        content.rejected = report.rejected.map { RejectedRecord(location: $0.location, reason: $0.reason) }
        return content
    }
}
