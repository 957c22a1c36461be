/// Commission arithmetic of SPEC §5: exact integers, no floating point, no overflow for any
/// non-negative `Int64` amount (products are taken at 128 bits before dividing).
enum Commission {
    /// The provider's application-fee floor and ceiling: 0.5 % and 50 %.
    static let minimumRate = BasisPoints(50)
    static let maximumRate = BasisPoints(5_000)

    /// `ceil(total × bp / 10000)`, clamped to `[ceil(total × 0.5 %), ceil(total × 50 %)]`.
    /// A negative total or rate is a caller bug.
    static func amount(total: Cents, rate: BasisPoints) -> Cents {
        precondition(total >= 0, "commission of a negative total")
        precondition(rate.value >= 0, "negative commission rate")
        let floor = ceilFraction(total, times: minimumRate.value, over: 10_000)
        let ceiling = ceilFraction(total, times: maximumRate.value, over: 10_000)
        // Rates above 100 % are clamped to 50 % below anyway; limiting them first keeps the
        // quotient inside Int64.
        let raw = ceilFraction(total, times: min(rate.value, 10_000), over: 10_000)
        return min(max(raw, floor), ceiling)
    }

    /// Which limit decided ``amount(total:rate:)``: `.minimum` when the rate gave less than 0.5 %,
    /// `.maximum` when it gave more than 50 %, nil when the rate itself did (or the limits and the
    /// rate give the same cents).
    static func bound(total: Cents, rate: BasisPoints) -> Bound? {
        guard total > 0, rate.value >= 0 else { return nil }
        let floor = ceilFraction(total, times: minimumRate.value, over: 10_000)
        let ceiling = ceilFraction(total, times: maximumRate.value, over: 10_000)
        let raw = ceilFraction(total, times: min(rate.value, 10_000), over: 10_000)
        if raw < floor { return .minimum }
        if raw > ceiling { return .maximum }
        return nil
    }

    /// A limit of SPEC §5 that replaced the tenant's rate.
    enum Bound: String, Sendable, Equatable {
        case minimum
        case maximum

        /// The rate the limit charges.
        var rate: BasisPoints { self == .minimum ? Commission.minimumRate : Commission.maximumRate }
        /// "0.5 % minimum", "50 % maximum".
        var words: String { self == .minimum ? "0.5 % minimum" : "50 % maximum" }
    }

    /// The cumulative commission reversed once `refunded` of `total` has been refunded:
    /// everything at a full refund, else `ceil(commission × refunded / total)`.
    static func reversal(commission: Cents, refunded: Cents, total: Cents) -> Cents {
        precondition(commission >= 0 && total >= 0, "negative commission or total")
        if refunded <= 0 { return 0 }
        if refunded >= total { return commission }
        return ceilFraction(commission, times: refunded, over: total)
    }

    /// What the tenant keeps: `(total − refunded) − (commission − reversed)`.
    static func tenantNet(total: Cents, commission: Cents, refunded: Cents = 0, reversed: Cents = 0) -> Cents {
        (total - refunded) - (commission - reversed)
    }

    /// `ceil(a × b / d)` for `a, b ≥ 0`, `d > 0`, when the quotient fits in Int64 (it does whenever
    /// `b ≤ d`). The product is exact at 128 bits.
    static func ceilFraction(_ a: Int64, times b: Int64, over d: Int64) -> Int64 {
        precondition(a >= 0 && b >= 0 && d > 0)
        let product = UInt64(a).multipliedFullWidth(by: UInt64(b))
        precondition(product.high < UInt64(d), "commission quotient overflows")
        let (q, r) = UInt64(d).dividingFullWidth(product)
        let result = r > 0 ? q + 1 : q
        precondition(result <= UInt64(Int64.max), "commission quotient overflows")
        return Int64(result)
    }
}
