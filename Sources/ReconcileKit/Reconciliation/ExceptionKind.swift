/// The kinds of exception: the reconciliation's of SPEC §6, then the outbox's own, in report order.
enum ExceptionKind: String, CaseIterable, Sendable, Codable, Comparable {
    /// A ledger booking (a paid checkout) the platform has no booking for: a missed webhook.
    case missingInPlatform = "missing_in_platform"
    /// The platform holds money for a booking (PAID, CONFIRMED, FULFILLED, DEPOSIT_PAID) that no
    /// payment event backs.
    case missingPayment = "missing_payment"
    /// Totals differ: ledger vs platform, or ledger/platform vs the bank credits that settle it.
    case amountMismatch = "amount_mismatch"
    /// Commission differs: ledger vs platform `commissionAmount`, or vs the checkout metadata.
    case commissionMismatch = "commission_mismatch"
    /// The platform status does not fit the ledger's (see `docs/ledger-rules.md`).
    case statusMismatch = "status_mismatch"
    /// Matched by checkout session or payment intent, but on another date.
    case dateMismatch = "date_mismatch"
    /// A bank credit that names no booking, or several.
    case unmatchedBankCredit = "unmatched_bank_credit"
    /// A PAID booking older than the settlement window with no bank credit naming it.
    case unsettledBooking = "unsettled_booking"
    /// A bank statement whose opening balance plus its entries is not its closing balance
    /// (SPEC §3.3): entries are missing or were read wrong.
    case bankBalanceMismatch = "bank_balance_mismatch"
    /// Not a disagreement but the outbox's own: a statement it could not give a file name
    /// (``SkippedStatement``). Listed only when it happens.
    case statementNotWritten = "statement_not_written"

    /// The SPEC's kinds, which reconciliation finds and the reports always count (0 when none).
    static let reconciled: [ExceptionKind] = allCases.filter { $0 != .statementNotWritten }

    /// Position in `allCases` (declaration order), without building `allCases` at every comparison.
    var order: Int {
        switch self {
        case .missingInPlatform: 0
        case .missingPayment: 1
        case .amountMismatch: 2
        case .commissionMismatch: 3
        case .statusMismatch: 4
        case .dateMismatch: 5
        case .unmatchedBankCredit: 6
        case .unsettledBooking: 7
        case .bankBalanceMismatch: 8
        case .statementNotWritten: 9
        }
    }
    static func < (a: ExceptionKind, b: ExceptionKind) -> Bool { a.order < b.order }

    /// The order of kinds as stored texts: a kind's, then a text that names none, by its bytes.
    static func precedes(_ a: String, _ b: String) -> Bool {
        let (x, y) = (
            ExceptionKind(rawValue: a)?.order ?? allCases.count, ExceptionKind(rawValue: b)?.order ?? allCases.count
        )
        return x != y ? x < y : a.utf8Precedes(b)
    }
}
