/// One disagreement between the ledger, the platform's bookings snapshot and the bank (SPEC §6).
struct ReportException: Sendable, Equatable {
    let kind: Kind
    let tenant: TenantID
    /// The booking it is about (platform booking id, or the ledger's), when there is one.
    let bookingRef: String?
    let eventID: String?
    /// Currency of the amounts ("usd"), when amounts are given.
    let currency: String?
    /// What the ledger (or the rule) says, and what the other side says, when amounts differ.
    let expectedCents: Cents?
    let actualCents: Cents?
    /// A short explanation naming fields and ids, never customer data.
    let detail: String
    /// Each reference typed by its side (issue 19): the ledger's booking (checkout session), the
    /// platform's booking, the bank entry; and which record the ledger was compared with
    /// (`platform`, `checkout_metadata`, `bank`).
    var ledgerBookingID: String? = nil
    var platformBookingID: String? = nil
    var bankEntryID: String? = nil
    var source: String? = nil
    /// A bank credit's booking date, reference text and account.
    var bankBookingDate: String? = nil
    var bankReference: String? = nil
    var bankAccount: String? = nil

    init(
        kind: Kind, tenant: TenantID, bookingRef: String?, eventID: String?, currency: String? = nil,
        expectedCents: Cents?, actualCents: Cents?, detail: String
    ) {
        self.kind = kind
        self.tenant = tenant
        self.bookingRef = bookingRef
        self.eventID = eventID
        self.currency = currency
        self.expectedCents = expectedCents
        self.actualCents = actualCents
        self.detail = detail
    }

    /// `actual − expected`, when both are known.
    var differenceCents: Cents? {
        guard let e = expectedCents, let a = actualCents else { return nil }
        return a - e
    }

    /// The SPEC's kinds, as the strings the reports print. Open for kinds added later.
    struct Kind: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
        let rawValue: String
        init(rawValue: String) { self.rawValue = rawValue }

        static let missingInPlatform = Kind(rawValue: "missing_in_platform")
        static let missingPayment = Kind(rawValue: "missing_payment")
        static let amountMismatch = Kind(rawValue: "amount_mismatch")
        static let commissionMismatch = Kind(rawValue: "commission_mismatch")
        static let statusMismatch = Kind(rawValue: "status_mismatch")
        static let dateMismatch = Kind(rawValue: "date_mismatch")
        static let unmatchedBankCredit = Kind(rawValue: "unmatched_bank_credit")
        static let unsettledBooking = Kind(rawValue: "unsettled_booking")
        static let bankBalanceMismatch = Kind(rawValue: "bank_balance_mismatch")
        /// Not a disagreement but the outbox's own: a statement it could not give a file name
        /// (``SkippedStatement``). Listed only when it happens, after the SPEC's kinds.
        static let statementNotWritten = Kind(rawValue: "statement_not_written")

        /// The SPEC's kinds in the SPEC's order, which is the order of the reports.
        static let known: [Kind] = [
            .missingInPlatform, .missingPayment, .amountMismatch, .commissionMismatch,
            .statusMismatch, .dateMismatch, .unmatchedBankCredit, .unsettledBooking,
            .bankBalanceMismatch,
        ]

        var description: String { rawValue }

        /// Known kinds in SPEC order, then any others by name.
        static func < (a: Kind, b: Kind) -> Bool {
            let ia = known.firstIndex(of: a) ?? known.count
            let ib = known.firstIndex(of: b) ?? known.count
            if ia != ib { return ia < ib }
            return a.rawValue.utf8Precedes(b.rawValue)
        }
    }

    /// Kind, tenant, booking, event, then the rest, so the order never depends on the caller.
    static func reportOrder(_ a: ReportException, _ b: ReportException) -> Bool {
        if a.kind != b.kind { return a.kind < b.kind }
        if a.tenant != b.tenant { return a.tenant < b.tenant }
        return referenceOrder(a, b)
    }

    /// The order of ``reportOrder(_:_:)`` within one kind and tenant.
    @inline(__always)
    static func referenceOrder(_ a: borrowing ReportException, _ b: borrowing ReportException) -> Bool {
        if a.bookingRef != b.bookingRef { return (a.bookingRef ?? "") < (b.bookingRef ?? "") }
        if a.eventID != b.eventID { return (a.eventID ?? "") < (b.eventID ?? "") }
        if a.expectedCents != b.expectedCents { return (a.expectedCents ?? .min) < (b.expectedCents ?? .min) }
        if a.actualCents != b.actualCents { return (a.actualCents ?? .min) < (b.actualCents ?? .min) }
        return a.detail < b.detail
    }
}
