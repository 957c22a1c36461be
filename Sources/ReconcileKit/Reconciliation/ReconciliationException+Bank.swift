extension ReconciliationException {
    /// Names the bank credit as finance finds it on the bank statement: booking date, reference
    /// text and the account credited.
    mutating func describeBank(_ entry: BankEntry) {
        bankBookingDate = entry.bookingDate?.text ?? entry.valueDate?.text
        bankReference = entry.references.isEmpty ? nil : entry.references.joined(separator: " / ")
        bankAccount = entry.iban.isEmpty ? nil : entry.iban
    }
}
