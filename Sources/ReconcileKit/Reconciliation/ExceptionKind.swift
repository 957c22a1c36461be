/// The reconciliation exceptions of SPEC §6, in report order.
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
        }
    }
    static func < (a: ExceptionKind, b: ExceptionKind) -> Bool { a.order < b.order }
}
