import Testing

@testable import ReconcileKit

@Suite struct CommissionTests {
    struct Example: Sendable, CustomTestStringConvertible {
        let percent: String
        let total: Cents
        let commission: Cents
        var testDescription: String { "\(percent)% of \(total) = \(commission)" }
    }

    @Test(
        "SPEC §5 examples",
        arguments: [
            Example(percent: "0.10", total: 100_000, commission: 500),
            Example(percent: "75", total: 100_000, commission: 50_000),
            Example(percent: "10.50", total: 9_999, commission: 1_050),
            Example(percent: "12", total: 50_000, commission: 6_000),
            Example(percent: "7", total: 100, commission: 7),
            Example(percent: "0", total: 100_000, commission: 500),
            Example(percent: "0", total: 1, commission: 1),
            Example(percent: "100", total: 3, commission: 2),
        ])
    func commissionFollowsSpecExamples(_ example: Example) {
        let rate = BasisPoints(percentText: example.percent)!
        #expect(Commission.amount(total: example.total, rate: rate) == example.commission)
    }

    struct RefundExample: Sendable {
        let total: Cents, commission: Cents, refunded: Cents, reversed: Cents
    }

    @Test(
        "refund reversal: ceil(commission × refunded / total), everything at a full refund",
        arguments: [
            RefundExample(total: 100_000, commission: 10_000, refunded: 0, reversed: 0),
            RefundExample(total: 100_000, commission: 10_000, refunded: 25_000, reversed: 2_500),
            RefundExample(total: 9_999, commission: 1_050, refunded: 1, reversed: 1),
            RefundExample(total: 9_999, commission: 1_050, refunded: 9_998, reversed: 1_050),
            RefundExample(total: 100, commission: 7, refunded: 50, reversed: 4),
            RefundExample(total: 100, commission: 7, refunded: 100, reversed: 7),
            RefundExample(total: 100, commission: 7, refunded: 150, reversed: 7),
        ])
    func refundReversesCommissionProportionallyRoundingUp(_ e: RefundExample) {
        #expect(Commission.reversal(commission: e.commission, refunded: e.refunded, total: e.total) == e.reversed)
    }

    @Test func tenantNetAfterRefunds() {
        #expect(Commission.tenantNet(total: 100_000, commission: 10_000) == 90_000)
        #expect(Commission.tenantNet(total: 100_000, commission: 10_000, refunded: 25_000, reversed: 2_500) == 67_500)
        #expect(Commission.tenantNet(total: 100_000, commission: 10_000, refunded: 100_000, reversed: 10_000) == 0)
    }

    @Test func hugeTotalsDoNotOverflow() {
        let total = Int64.max
        let half = Commission.amount(total: total, rate: BasisPoints(5_000))
        #expect(half == Int64.max / 2 + 1)
        #expect(Commission.amount(total: total, rate: BasisPoints(10_000)) == half)
        #expect(
            Commission.amount(total: total, rate: BasisPoints(0))
                == Commission.ceilFraction(total, times: 50, over: 10_000))
        #expect(Commission.reversal(commission: half, refunded: total - 1, total: total) == half)
    }

    // MARK: Properties over generated values

    /// Totals from 1 cent to near Int64.max, rates 0–100 %, refunds from none to more than the total.
    static func cases(count: Int, seed: UInt64) -> [(total: Cents, rate: BasisPoints, refunded: Cents)] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let magnitude = rng.next(upTo: 6)
            let total: Cents =
                switch magnitude {
                case 0: Cents(rng.next(upTo: 200)) + 1
                case 1: Cents(rng.next(upTo: 1_000_000)) + 1
                case 2: Cents(rng.next(upTo: 1_000_000_000_000)) + 1
                case 3: Int64.max - Cents(rng.next(upTo: 1_000))
                default: Cents(rng.next(upTo: UInt64(Int64.max))) + 1
                }
            let rate = BasisPoints(Int64(rng.next(upTo: 10_001)))
            let refunded: Cents =
                switch rng.next(upTo: 4) {
                case 0: 0
                case 1: total
                default: Cents(rng.next(upTo: UInt64(total))) + 1
                }
            return (total, rate, refunded)
        }
    }

    @Test func commissionStaysWithinHalfPercentAndFiftyPercent() {
        for c in Self.cases(count: 20_000, seed: 0x5EED_0001) {
            let commission = Commission.amount(total: c.total, rate: c.rate)
            let floor = Commission.ceilFraction(c.total, times: 50, over: 10_000)
            let ceiling = Commission.ceilFraction(c.total, times: 5_000, over: 10_000)
            #expect(commission >= floor && commission <= ceiling, "total \(c.total) rate \(c.rate.value)")
            if c.rate.value >= 50 && c.rate.value <= 5_000 {
                #expect(commission == Commission.ceilFraction(c.total, times: c.rate.value, over: 10_000))
            }
        }
    }

    @Test func commissionMatchesPlainIntegerMathWhereItCannotOverflow() {
        for c in Self.cases(count: 20_000, seed: 0x5EED_0002) where c.total < 1_000_000_000_000 {
            let bp = min(max(c.rate.value, 50), 5_000)
            let reference = (c.total * bp + 9_999) / 10_000
            #expect(
                Commission.amount(total: c.total, rate: c.rate) == reference, "total \(c.total) rate \(c.rate.value)")
        }
    }

    @Test func reversalNeverExceedsCommissionAndNetPlusCommissionIsGross() {
        for c in Self.cases(count: 20_000, seed: 0x5EED_0003) {
            let commission = Commission.amount(total: c.total, rate: c.rate)
            let reversed = Commission.reversal(commission: commission, refunded: c.refunded, total: c.total)
            #expect(reversed >= 0 && reversed <= commission)
            #expect(Commission.tenantNet(total: c.total, commission: commission) + commission == c.total)
            let net = Commission.tenantNet(
                total: c.total, commission: commission, refunded: c.refunded, reversed: reversed)
            #expect(net + (commission - reversed) == c.total - c.refunded)
        }
    }

    @Test func cumulativeReversalsAreMonotoneAndReachTheCommissionAtFullRefund() {
        var rng = SplitMix64(seed: 0x5EED_0004)
        for c in Self.cases(count: 2_000, seed: 0x5EED_0005) {
            let commission = Commission.amount(total: c.total, rate: c.rate)
            var refunded: Cents = 0
            var reversed: Cents = 0
            var reversedSum: Cents = 0
            while refunded < c.total {
                let step = Cents(rng.next(upTo: UInt64(c.total - refunded))) + 1
                refunded += step
                let next = Commission.reversal(commission: commission, refunded: refunded, total: c.total)
                #expect(next >= reversed, "reversal went down at \(refunded) of \(c.total)")
                reversedSum += next - reversed
                reversed = next
            }
            #expect(reversed == commission)
            #expect(reversedSum == commission)
        }
    }

    @Test func boundSaysWhichLimitReplacedTheRate() {
        #expect(Commission.bound(total: 250_000, rate: BasisPoints(0)) == .minimum)
        #expect(Commission.bound(total: 250_000, rate: BasisPoints(49)) == .minimum)
        #expect(Commission.bound(total: 250_000, rate: BasisPoints(50)) == nil)
        #expect(Commission.bound(total: 250_000, rate: BasisPoints(1_250)) == nil)
        #expect(Commission.bound(total: 250_000, rate: BasisPoints(5_001)) == .maximum)
        #expect(Commission.bound(total: 0, rate: BasisPoints(0)) == nil)
        #expect(Commission.bound(total: 250_000, rate: BasisPoints(0))?.rate == Commission.minimumRate)
    }
}
