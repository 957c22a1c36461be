/// Ages the exceptions a night found against the open items they may replace: each
/// gets the day it was first seen and whether it is new, changed or still open; items before that
/// are gone are resolved.
enum OpenItemsStep {
    /// - Parameters:
    ///   - exceptions: what the night found over the records it re-examined.
    ///   - previous: the open items that name any of those records.
    static func age(_ exceptions: [ReconciliationException], previous: OpenItems, asOf: Int64, runID: String)
        -> (open: OpenItems, resolved: [RunReport.ResolvedItem])
    {
        let today = CalendarDate(unixSeconds: asOf).text
        var open = OpenItems()
        open.items.reserveCapacity(exceptions.count)
        for e in exceptions {
            let key = OpenItems.Key(e)
            if open.items[key] != nil { continue }  // the same item twice in one night: aged once
            let fingerprint = OpenItems.fingerprint(e)
            var item = OpenItems.Item(
                firstSeenRun: runID, firstSeen: today, lastSeen: today, fingerprint: fingerprint,
                amountCents: e.expected ?? e.actual, currency: e.currency, changedRun: runID,
                exception: e)
            if let before = previous.items[key] {
                item.firstSeenRun = before.firstSeenRun
                item.firstSeen = before.firstSeen
                // Unchanged, it keeps the run that last changed it.
                if before.fingerprint == fingerprint { item.changedRun = before.changedRun }
            }
            open.items[key] = item
        }
        let resolved = previous.items.keys.filter { open.items[$0] == nil }.sorted().map { key in
            let item = previous.items[key]!
            return RunReport.ResolvedItem(
                tenant: key.tenant, kind: key.kind, references: key.references,
                firstSeen: item.firstSeen, amountCents: item.amountCents, currency: item.currency)
        }
        return (open, resolved)
    }
}
