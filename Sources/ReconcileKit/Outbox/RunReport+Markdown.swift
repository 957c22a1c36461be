extension RunReport {
    /// How many exceptions of one kind `report.md` lists: it is read by people, and a night with
    /// a hundred thousand exceptions would make it unreadable. `exceptions.csv` and `report.json`
    /// list every exception.
    static let markdownExceptionsPerKind = 100

    /// `report.md`: a readable summary. A headline counts table, then the records table and one
    /// section per list (quarantined and deferred files, rejected records, failed and backfilled
    /// events, exceptions grouped by kind); an empty list says "None". Amounts have two decimals.
    /// Each kind of exception lists its first ``markdownExceptionsPerKind`` rows, then says how many
    /// more `exceptions.csv` holds; every count stays complete.
    func renderMarkdown() -> [UInt8] {
        var out = ByteOutput()
        renderMarkdown(to: &out)
        return out.bytes
    }

    /// `report.md`, a line at a time into `out`: a first run's bank statements table has a row per
    /// statement of the history, and is never held whole.
    func renderMarkdown(to out: inout ByteOutput) {
        typealias M = MarkdownText
        func add(_ s: String) {
            out.bytes.append(contentsOf: s.utf8)
            out.flushIfFull()
        }
        func line(_ s: String = "") { add(s + "\n") }
        func table(_ header: [String], alignRight: Set<Int> = [], _ rows: some Sequence<[String]>) {
            line("| " + header.joined(separator: " | ") + " |")
            line("|" + header.indices.map { alignRight.contains($0) ? " ---: " : " --- " }.joined(separator: "|") + "|")
            for r in rows { line("| " + r.map { $0.isEmpty ? " " : $0 }.joined(separator: " | ") + " |") }
        }
        func section(_ title: String, count: Int) {
            line()
            line("## \(title)\(count > 0 ? " (\(count))" : "")")
            line()
            if count == 0 { line("None.") }
        }
        func place(_ l: Location?) -> String {
            guard let l else { return "" }
            return l.line.map { "line \($0)" } ?? "byte \(l.byteOffset)"
        }

        line("# Reconcile run \(M.code(runID))")
        line()
        line(
            "As of \(UTCTime.human(asOf)). Store root \(root.map { M.code($0.short) } ?? "none (dry run)"), "
                + "previous root \(parentRoot.map { M.code($0.short) } ?? "none (first run)").")
        line()
        line("## Summary")
        line()
        let totals = recordTotals
        var headline: [(String, Int)] = [
            ("Files scanned", files.scanned),
            ("Files skipped (already seen)", files.skippedAlreadySeen),
            ("Files deferred (still being written)", files.deferred.count),
            ("Files quarantined", files.quarantined.count),
            ("Records new", totals.new),
            ("Records duplicate", totals.duplicate),
            ("Records conflict", totals.conflict),
            ("Records new version", totals.newVersion),
            ("Records rejected", rejected.count),
            ("Events applied", events.applied),
            ("Events failed", events.failed.count),
            ("Events ignored", events.ignored),
            ("Events backfilled (missed webhooks)", backfilled.count),
            ("Reconciliation exceptions", exceptionTable.count),
        ]
        headline += [
            ("Bookings settled by the bank", settlement.settled),
            ("Bookings not yet settled", settlement.unsettled),
            ("Bank credits matching no booking", settlement.unmatchedCredits),
            ("Bank statements read", bank.statements.count),
            ("Bank statements whose balances do not agree", bank.disagreeing),
            ("Bank entries not booked (PDNG, INFO)", bank.notBooked.count),
            ("Bank batches kept whole", bank.keptWhole.count),
        ]
        table(["", "count"], alignRight: [1], headline.map { [$0.0, String($0.1)] })

        section("Records by kind and tenant", count: records.count)
        if !records.isEmpty {
            var rows = records.map { t in
                [
                    t.kind.rawValue, M.code(t.tenant.rawValue), String(t.counts.new), String(t.counts.duplicate),
                    String(t.counts.conflict), String(t.counts.newVersion),
                ]
            }
            rows.append([
                "**Total**", "", "**\(totals.new)**", "**\(totals.duplicate)**", "**\(totals.conflict)**",
                "**\(totals.newVersion)**",
            ])
            table(["kind", "tenant", "new", "duplicate", "conflict", "new version"], alignRight: [2, 3, 4, 5], rows)
        }

        section("Quarantined files", count: files.quarantined.count)
        if !files.quarantined.isEmpty {
            table(
                ["file", "sha256", "where", "reason"],
                files.quarantined.map {
                    [
                        M.code($0.path), $0.sha256.map { M.code($0.short) } ?? "unreadable", place($0.location),
                        M.escape($0.reason),
                    ]
                })
            line()
            line(
                "Nothing from these files was applied. They are tried again on every run while they stay in the inbox.")
        }

        section("Deferred files", count: files.deferred.count)
        for path in files.deferred { line("- \(M.code(path))") }

        section("Rejected records", count: rejected.count)
        if !rejected.isEmpty {
            table(
                ["file", "where", "record", "reason", "raw bytes (store object)"],
                rejected.map {
                    [
                        M.code($0.file), place($0.location), $0.key.map { M.code("\($0)") } ?? "unreadable",
                        M.escape($0.reason),
                        $0.objectID.map { M.code($0.hex) } ?? "not kept",
                    ]
                })
            line()
            line(
                "Each record's raw bytes are kept in the state store under its object id; `reconcile explain <tenant> <id>` shows a record's rejections."
            )
        }

        section("Rejected records replaced", count: replacedRejections.count)
        if !replacedRejections.isEmpty {
            table(
                ["record", "accepted object", "rejected in", "where", "rejected object"],
                replacedRejections.map {
                    [
                        M.code("\($0.key)"), M.code($0.objectID.short),
                        M.code($0.rejectedFile) + " (run " + M.code($0.rejectedRunID) + ")",
                        place($0.rejectedLocation), $0.rejectedObjectID.map { M.code($0.short) } ?? "not kept",
                    ]
                })
        }

        add(conflictsMarkdown())

        section("Failed events", count: events.failed.count)
        if !events.failed.isEmpty {
            table(
                ["event", "tenant", "currency", "amount", "last error", "what fixes it"], alignRight: [3],
                events.failed.map {
                    [
                        M.code($0.eventID), M.code($0.tenant.rawValue),
                        $0.currency.map(OutboxFormat.currencyCode) ?? "",
                        M.amount($0.amountCents), M.escape($0.lastError), M.escape($0.advice),
                    ]
                })
            line()
            for t in failedAmounts {
                line(
                    "- Total \(t.currency.isEmpty ? "(no currency)" : t.currency) \(M.amount(t.cents)) over \(t.events) event\(t.events == 1 ? "" : "s"): taken from customers, on no statement."
                )
            }
            line()
            line(
                "Failed events are not retried on their own. `reconcile retry` helps only where the advice says so, once the cause is fixed."
            )
        }

        section("Backfilled events", count: backfilled.count)
        if !backfilled.isEmpty {
            line("Reached the store only through a provider list export: webhooks the platform missed.")
            line()
            table(
                ["event", "tenant", "type"],
                backfilled.map { [M.code($0.eventID), M.code($0.tenant.rawValue), M.code($0.type)] })
        }

        bank.renderMarkdown(
            line: { line($0) }, table: { table($0, alignRight: $1, $2) }, section: { section($0, count: $1) })
        add(moneyMarkdown())
        add(openItemsMarkdown())

        section("Reconciliation exceptions", count: exceptionTable.count)
        // The first rows of each kind, in report order, in one pass.
        var shownByKindText: [Int32: [Int]] = [:]
        let rows = exceptionTable.rows
        for i in rows.indices where shownByKindText[rows[i].kind, default: []].count < Self.markdownExceptionsPerKind {
            shownByKindText[rows[i].kind, default: []].append(i)
        }
        var shown: [ExceptionKind: [Int]] = [:]
        for (kind, positions) in shownByKindText {
            shown[ExceptionKind(rawValue: exceptionTable.text(kind)!)!, default: []] += positions
        }
        for (i, (kind, count)) in exceptionCounts.filter({ $0.count > 0 }).enumerated() {
            if i > 0 { line() }
            line("### \(M.code(kind.rawValue)) (\(count))")
            line()
            let group = shown[kind, default: []].sorted().prefix(Self.markdownExceptionsPerKind).map {
                exceptionTable[$0]
            }
            table(
                ["tenant", "booking", "event", "currency", "expected", "actual", "difference", "detail"],
                alignRight: [4, 5, 6],
                group.map { e in
                    [
                        M.code(e.tenantID.rawValue), e.bookingRef.map(M.code) ?? "", e.eventID.map(M.code) ?? "",
                        e.currency.map { OutboxFormat.currencyCode($0) } ?? "", M.amount(e.expected),
                        M.amount(e.actual), M.amount(e.differenceCents), M.escape(e.detail),
                    ]
                })
            if count > Self.markdownExceptionsPerKind {
                line()
                line(
                    "\(count - Self.markdownExceptionsPerKind) more not listed here: `exceptions.csv` lists all \(count) "
                        + "\(M.code(kind.rawValue)) exceptions.")
            }
        }
    }
}
