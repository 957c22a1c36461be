extension RunReport {
    /// An open item of the last run that this run no longer sees: resolved.
    struct ResolvedItem: Sendable, Equatable {
        let tenant: TenantID
        let kind: String
        /// `source/ledger booking/platform booking/bank entries` (``OpenItems/Key``).
        let references: String
        let firstSeen: String
        let amountCents: Cents?
        let currency: String?
    }

    /// The age buckets of SPEC §6, in days since first seen.
    static let ageBuckets = ["0-7", "8-30", "31-90", ">90"]

    static func ageBucket(_ days: Int64) -> String {
        days <= 7 ? "0-7" : days <= 30 ? "8-30" : days <= 90 ? "31-90" : ">90"
    }

    /// Age in days of a row, nil when it was not aged (a report built without open items).
    func ageDays(_ row: ExceptionTable.Row) -> Int64? {
        row.firstSeenDay < 0 ? nil : CalendarDate(unixSeconds: asOf).daysSinceEpoch - Int64(row.firstSeenDay)
    }

    /// One cell of the aging table: open items of one kind, age bucket and currency.
    struct AgingCell: Sendable, Equatable {
        let kind: String
        let bucket: String
        /// Upper-case code, "" when the items carry no amount in a known currency.
        let currency: String
        let count: Int
        let amountCents: Cents
    }

    /// Open items by kind (SPEC order), age bucket and currency; with no aging, one bucket "".
    var aging: [AgingCell] {
        struct K: Hashable {
            let kind: Int32
            let bucket: String
            let currency: String
        }
        var cells: [K: (Int, Cents)] = [:]
        exceptionTable.withView { v in
            for r in v.rows {
                let bucket = ageDays(r).map(Self.ageBucket) ?? ""
                let currency = v.text(r.currencyCode).map { String(decoding: $0, as: UTF8.self) } ?? ""
                let k = K(kind: r.kind, bucket: bucket, currency: currency)
                cells[k, default: (0, 0)].0 += 1
                cells[k, default: (0, 0)].1 += r.expectedCents ?? r.actualCents ?? 0
            }
        }
        return cells.map {
            AgingCell(
                kind: exceptionTable.text($0.key.kind)!, bucket: $0.key.bucket, currency: $0.key.currency,
                count: $0.value.0, amountCents: $0.value.1)
        }
        .sorted { a, b in
            if a.kind != b.kind { return ExceptionKind.precedes(a.kind, b.kind) }
            let ia = Self.ageBuckets.firstIndex(of: a.bucket) ?? -1
            let ib = Self.ageBuckets.firstIndex(of: b.bucket) ?? -1
            if ia != ib { return ia < ib }
            return a.currency < b.currency
        }
    }

    /// The value of the open exceptions per currency: count and amount.
    var openValue: [(currency: String, count: Int, amountCents: Cents)] {
        var sums: [String: (Int, Cents)] = [:]
        for c in aging {
            sums[c.currency, default: (0, 0)].0 += c.count
            sums[c.currency, default: (0, 0)].1 += c.amountCents
        }
        return sums.keys.sorted().map { ($0, sums[$0]!.0, sums[$0]!.1) }
    }

    /// How many rows are new and changed since the last run.
    var sinceCounts: (new: Int, changed: Int) {
        var n = 0
        var c = 0
        for r in exceptionTable.rows { if r.since == .new { n += 1 } else if r.since == .changed { c += 1 } }
        return (n, c)
    }

    /// Row positions oldest first (first seen), then report order: the order of `exceptions.csv`.
    var agingOrder: [Int] {
        let rows = exceptionTable.rows
        return rows.indices.sorted { a, b in
            rows[a].firstSeenDay != rows[b].firstSeenDay ? rows[a].firstSeenDay < rows[b].firstSeenDay : a < b
        }
    }

    var openItemsJSON: JSONValue {
        let counts = sinceCounts
        return .object([
            "previousRunKnown": .bool(previousOpenItemsKnown),
            "new": .count(counts.new),
            "changed": .count(counts.changed),
            "resolved": .array(
                resolved.map { r in
                    .object([
                        "tenantId": .string(r.tenant.rawValue), "kind": .string(r.kind),
                        "references": .string(r.references),
                        "firstSeen": .string(r.firstSeen), "amountCents": .orNull(r.amountCents),
                        "currency": .orNull(r.currency.map(OutboxFormat.currencyCode)),
                    ])
                }),
            "byKindAndAge": .array(
                aging.map { c in
                    .object([
                        "kind": .string(c.kind), "ageBucket": .string(c.bucket), "currency": .string(c.currency),
                        "count": .count(c.count), "amountCents": .int(c.amountCents),
                    ])
                }),
            "value": .array(
                openValue.map {
                    .object([
                        "currency": .string($0.currency), "count": .count($0.count),
                        "amountCents": .int($0.amountCents),
                    ])
                }),
        ])
    }

    /// The `report.md` section: what changed since the last run, in full, and the aging table.
    func openItemsMarkdown() -> String {
        typealias M = MarkdownText
        var md = "\n## Open items\n\n"
        let counts = sinceCounts
        if !previousOpenItemsKnown {
            md += "No earlier run's open items: every exception below is new, first seen today.\n\n"
        } else {
            md += "Since the last run: \(counts.new) new, \(counts.changed) changed, \(resolved.count) resolved.\n\n"
            let changedRows = exceptionTable.rows.indices.filter { exceptionTable.rows[$0].since != .open }
            if !changedRows.isEmpty {
                md +=
                    "| since last run | kind | tenant | booking | currency | expected | actual | first seen | detail |\n"
                md += "| --- | --- | --- | --- | --- | ---: | ---: | --- | --- |\n"
                for i in changedRows {
                    let r = exceptionTable.rows[i]
                    let e = exceptionTable[i]
                    let first = r.firstSeenDay < 0 ? "" : CalendarDate(unixSeconds: Int64(r.firstSeenDay) * 86_400).text
                    md +=
                        "| \(r.since.text) | \(M.code(e.kind.rawValue)) | \(M.code(e.tenantID.rawValue)) | \(e.bookingRef.map(M.code) ?? " ") | "
                    md +=
                        "\(e.currency.map(OutboxFormat.currencyCode) ?? " ") | \(M.amount(e.expected)) | \(M.amount(e.actual)) | \(first) | \(M.escape(e.detail)) |\n"
                }
                md += "\n"
            }
            if !resolved.isEmpty {
                md +=
                    "Resolved:\n\n| kind | tenant | references | first seen | currency | amount |\n| --- | --- | --- | --- | --- | ---: |\n"
                for r in resolved {
                    md +=
                        "| \(M.code(r.kind)) | \(M.code(r.tenant.rawValue)) | \(M.code(r.references)) | \(r.firstSeen) | "
                    md += "\(r.currency.map(OutboxFormat.currencyCode) ?? " ") | \(M.amount(r.amountCents)) |\n"
                }
                md += "\n"
            }
        }
        let cells = aging
        if cells.isEmpty { return md + "None open.\n" }
        md +=
            "Open by kind and age (days since first seen):\n\n| kind | age | currency | count | amount |\n| --- | --- | --- | ---: | ---: |\n"
        for c in cells {
            md +=
                "| \(M.code(c.kind)) | \(c.bucket.isEmpty ? "unknown" : c.bucket) | \(c.currency.isEmpty ? " " : c.currency) | \(c.count) | \(M.amount(c.amountCents)) |\n"
        }
        for v in openValue {
            md +=
                "| **Total** | | \(v.currency.isEmpty ? " " : v.currency) | **\(v.count)** | **\(M.amount(v.amountCents))** |\n"
        }
        return md
    }
}
