extension RunReport {
    /// The amount of the failed events per currency (by code), "" for events that gave no
    /// currency: money taken from customers that no statement shows.
    public var failedAmounts: [(currency: String, events: Int, cents: Cents)] {
        var sums: [String: (Int, Cents)] = [:]
        for f in events.failed {
            guard let cents = f.amountCents else { continue }
            let key = f.currency.map(OutboxFormat.currencyCode) ?? ""
            sums[key, default: (0, 0)].0 += 1
            sums[key, default: (0, 0)].1 += cents
        }
        return sums.keys.sorted().map { ($0, sums[$0]!.0, sums[$0]!.1) }
    }
}
