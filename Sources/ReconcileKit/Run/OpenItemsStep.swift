/// Ages the night's exceptions against the open items of the last run (issue 19): each row gets
/// the day it was first seen and whether it is new, changed or still open; items of the last run
/// that are gone are resolved.
enum OpenItemsStep {
    static func age(_ table: inout ExceptionTable, previous: OpenItems, asOf: Int64, runID: String)
        -> (open: OpenItems, resolved: [RunReport.ResolvedItem]) {
        let today = CalendarDate(unixSeconds: asOf)
        var open = OpenItems()
        open.items.reserveCapacity(table.count)
        for i in 0..<table.count {
            let e = table[i]
            let key = OpenItems.Key(e)
            if open.items[key] != nil { continue }  // the same item twice in one night: aged once
            let fingerprint = OpenItems.fingerprint(e)
            var item = OpenItems.Item(firstSeenRun: runID, firstSeen: today.text, lastSeen: today.text, fingerprint: fingerprint,
                                      amountCents: e.expectedCents ?? e.actualCents, currency: e.currency)
            var since = ExceptionTable.Since.new
            if let before = previous.items[key] {
                item.firstSeenRun = before.firstSeenRun
                item.firstSeen = before.firstSeen
                since = before.fingerprint == fingerprint ? .open : .changed
            }
            open.items[key] = item
            let day = CalendarDate(item.firstSeen)?.daysSinceEpoch ?? today.daysSinceEpoch
            table.setAging(i, firstSeenDay: Int32(clamping: day), since: since)
        }
        let resolved = previous.items.keys.filter { open.items[$0] == nil }.sorted().map { key in
            let item = previous.items[key]!
            return RunReport.ResolvedItem(tenant: TenantID(key.tenant), kind: key.kind, references: key.references,
                                          firstSeen: item.firstSeen, amountCents: item.amountCents, currency: item.currency)
        }
        return (open, resolved)
    }
}
