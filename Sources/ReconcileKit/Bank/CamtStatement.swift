/// One account element of a report (`Stmt`, `Rpt`, `Ntfctn`) as the bank summed it up and as it was
/// read: its identity, its booked entries' totals, and its balances (SPEC §3.3 *Balances*).
struct CamtStatement: Sendable, Equatable {
    /// Count and sum of the booked entries read in one direction, in minor units.
    struct Sum: Sendable, Equatable {
        var count = 0
        var amount: Int64 = 0
    }

    /// The booked entries read from a statement, each counted once at its `Ntry/Amt` (a split batch
    /// by its entry), in the statement's currency; entries in other currencies are only counted.
    struct Totals: Sendable, Equatable {
        var credits = Sum()
        var debits = Sum()
        /// The currency of the statement's balances, else of its first booked entry.
        var currency: String?
        /// Booked entries in another currency than ``currency``.
        var otherCurrency = 0
        /// Non-`BOOK` entries (listed, never stored).
        var notBooked = 0
        /// Entries refused alone (listed in the report with their reason).
        var rejected = 0
        /// A sum left 64 bits.
        var overflowed = false

        mutating func add(_ amount: Int64, currency: String, direction: BankEntry.Direction) {
            if self.currency == nil { self.currency = currency }
            guard currency == self.currency else {
                otherCurrency += 1
                return
            }
            let (sum, overflow) =
                direction == .credit
                ? credits.amount.addingReportingOverflow(amount) : debits.amount.addingReportingOverflow(amount)
            overflowed = overflowed || overflow
            if direction == .credit {
                credits.count += 1
                credits.amount = sum
            } else {
                debits.count += 1
                debits.amount = sum
            }
        }
    }

    /// A balance as signed minor units: a `DBIT` balance is negative.
    struct Balance: Sendable, Equatable {
        /// `OPBD`, `PRCD` or `CLBD`.
        let type: String
        let amount: Int64
        let currency: String
    }

    /// Whether opening + credits − debits = closing.
    enum Agreement: Sendable, Equatable {
        case agrees
        /// Computed closing minus the bank's closing, in minor units.
        case differs(by: Int64)
        /// The statement cannot be checked: the reason, with no amounts.
        case notChecked(String)
    }

    let message: CamtMessage
    /// The account's tenant when the statement was read; `_global` when nobody owned it then.
    let tenantID: TenantID
    /// Where the account element starts.
    let location: Location
    let account: String
    /// The statement's identity (``CamtStatementDraft/identity``), its `bank_statement` record's id.
    let identity: String
    /// `Id`, `ElctrncSeqNb`, `LglSeqNb` as the bank wrote them.
    let statementID: String?
    let electronicSequence: String?
    let legalSequence: String?
    let totals: Totals
    /// `OPBD`, else `PRCD`.
    let opening: Balance?
    /// `CLBD`.
    let closing: Balance?
    /// A balance that could not be read (bad amount or direction), by type.
    let unreadableBalance: String?

    var agreement: Agreement {
        if let unreadableBalance { return .notChecked("balance \(unreadableBalance) cannot be read") }
        guard let opening, let closing else {
            return .notChecked(
                opening == nil && closing == nil
                    ? "no opening and closing balances"
                    : opening == nil ? "no opening balance" : "no closing balance")
        }
        guard opening.currency == closing.currency, totals.currency == nil || totals.currency == opening.currency,
            totals.otherCurrency == 0
        else { return .notChecked("entries or balances in more than one currency") }
        guard !totals.overflowed else { return .notChecked("sums exceed 64-bit minor units") }
        let (a, o1) = opening.amount.addingReportingOverflow(totals.credits.amount)
        let (b, o2) = a.subtractingReportingOverflow(totals.debits.amount)
        let (difference, o3) = b.subtractingReportingOverflow(closing.amount)
        guard !(o1 || o2 || o3) else { return .notChecked("sums exceed 64-bit minor units") }
        return difference == 0 ? .agrees : .differs(by: difference)
    }
}
