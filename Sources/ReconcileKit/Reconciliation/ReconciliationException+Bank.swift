extension ReconciliationException {
    /// Names the bank credit as finance finds it on the bank statement: booking date, reference
    /// text and the account credited. The reference keeps only its id-like tokens (those with a
    /// digit and no `@`): free words and e-mail addresses in a remittance text may be customer
    /// data, which no report carries.
    mutating func describeBank(_ entry: BankEntry) {
        bankBookingDate = entry.bookingDate?.text ?? entry.valueDate?.text
        let tokens = entry.references.flatMap {
            $0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        }
        .filter { token in token.contains(where: \.isNumber) && !token.contains("@") }
        .map(String.init)
        bankReference = tokens.isEmpty ? nil : tokens.joined(separator: " / ")
        bankAccount = entry.iban.isEmpty ? nil : entry.iban
    }
}
