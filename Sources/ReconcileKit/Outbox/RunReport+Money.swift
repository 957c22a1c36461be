extension RunReport {
    /// The amount of the failed events per currency (by code), "" for events that gave no
    /// currency: money taken from customers that no statement shows.
    var failedAmounts: [(currency: String, events: Int, cents: Cents)] {
        var sums: [String: (Int, Cents)] = [:]
        for f in events.failed {
            guard let cents = f.amountCents else { continue }
            let key = f.currency.map(OutboxFormat.currencyCode) ?? ""
            sums[key, default: (0, 0)].0 += 1
            sums[key, default: (0, 0)].1 += cents
        }
        return sums.keys.sorted().map { ($0, sums[$0]!.0, sums[$0]!.1) }
    }

    /// Sums of ledger lines: the figures of a statement.
    struct Flows: Sendable, Equatable {
        var grossCents: Cents = 0
        var refundCents: Cents = 0
        var commissionCents: Cents = 0
        var commissionReversedCents: Cents = 0
        var netCents: Cents = 0
        var netCommissionCents: Cents { commissionCents - commissionReversedCents }

        init() {}

        mutating func add(_ line: LedgerLine) {
            grossCents += line.gross
            refundCents += line.refund
            commissionCents += line.commission
            commissionReversedCents += line.commissionReversed
            netCents += line.net
        }

        static func + (a: Flows, b: Flows) -> Flows {
            var s = a
            s.grossCents += b.grossCents
            s.refundCents += b.refundCents
            s.commissionCents += b.commissionCents
            s.commissionReversedCents += b.commissionReversedCents
            s.netCents += b.netCents
            return s
        }

        var jsonValue: JSONValue {
            .object([
                "grossCents": .int(grossCents), "refundCents": .int(refundCents),
                "commissionCents": .int(commissionCents),
                "commissionReversedCents": .int(commissionReversedCents),
                "netCommissionCents": .int(netCommissionCents),
                "netCents": .int(netCents),
            ])
        }
    }

    /// The night's money: control totals per currency, and the roll-forward of every
    /// statement (tenant and month) the night changed: its figures before the night (opening),
    /// the night's lines (activity) and after (closing).
    struct Money: Sendable, Equatable {
        struct Control: Sendable, Equatable {
            /// Upper-case code.
            let currency: String
            let flows: Flows
        }

        struct RollForward: Sendable, Equatable {
            let tenant: TenantID
            let month: String
            let currency: String
            let opening: Flows
            let activity: Flows
            var closing: Flows { opening + activity }
        }

        /// A statement's figures are summed per tenant, month (of the lines' dates) and currency code.
        struct Key: Hashable {
            let tenant: TenantID
            let month: String
            let currency: String
        }

        var control: [Control] = []
        var rollForward: [RollForward] = []

        init() {}

        /// The night's lines summed as they come: per currency, and per tenant, month and currency.
        struct Tally: Sendable {
            fileprivate var night: [String: Flows] = [:]
            fileprivate var activity: [Key: Flows] = [:]

            mutating func add(_ line: LedgerLine) {
                let code = OutboxFormat.currencyCode(line.currency)
                night[code, default: Flows()].add(line)
                activity[Key(tenant: line.tenantID, month: line.date.monthText, currency: code), default: Flows()].add(
                    line)
            }
        }

        /// From the night's lines and the sums of the earlier lines of the (tenant, month)s they
        /// touch (``LedgerLineTable/flows(of:before:)``).
        init(night tally: Tally, openings: [(month: LedgerLineTable.TenantMonth, currency: String, flows: Flows)]) {
            control = tally.night.keys.sorted().map { Control(currency: $0, flows: tally.night[$0]!) }
            var opening: [Key: Flows] = [:]
            for o in openings {
                let key = Key(
                    tenant: o.month.tenantID, month: o.month.month, currency: OutboxFormat.currencyCode(o.currency))
                guard tally.activity[key] != nil else { continue }
                opening[key] = (opening[key] ?? Flows()) + o.flows
            }
            rollForward = tally.activity.keys.sorted { a, b in
                a.tenant != b.tenant
                    ? a.tenant < b.tenant : a.month != b.month ? a.month < b.month : a.currency < b.currency
            }.map {
                RollForward(
                    tenant: $0.tenant, month: $0.month, currency: $0.currency,
                    opening: opening[$0] ?? Flows(), activity: tally.activity[$0]!)
            }
        }
    }

    var moneyJSON: JSONValue {
        .object([
            "control": .array(
                money.control.map { .object(["currency": .string($0.currency), "night": $0.flows.jsonValue]) }),
            "rollForward": .array(
                money.rollForward.map { r in
                    .object([
                        "tenantId": .string(r.tenant.rawValue), "month": .string(r.month),
                        "currency": .string(r.currency),
                        "opening": r.opening.jsonValue, "activity": r.activity.jsonValue,
                        "closing": r.closing.jsonValue,
                    ])
                }),
            "openExceptions": .array(
                openValue.map {
                    .object([
                        "currency": .string($0.currency), "count": .count($0.count),
                        "amountCents": .int($0.amountCents),
                    ])
                }),
            "failedEvents": failedAmountsJSON,
        ])
    }

    /// The `report.md` money section.
    func moneyMarkdown() -> String {
        typealias M = MarkdownText
        var md = "\n## Money\n\n"
        if money.control.isEmpty {
            md += "No ledger line added tonight.\n"
        } else {
            md += "Control totals of the night's ledger lines:\n\n"
            md +=
                "| currency | gross collected | refunds | commission charged | commission reversed | net commission | net to tenants |\n"
            md += "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"
            for c in money.control {
                let f = c.flows
                md +=
                    "| \(c.currency) | \(M.amount(f.grossCents)) | \(M.amount(f.refundCents)) | \(M.amount(f.commissionCents)) | "
                md +=
                    "\(M.amount(f.commissionReversedCents)) | \(M.amount(f.netCommissionCents)) | \(M.amount(f.netCents)) |\n"
            }
            md += "\nRoll-forward of the statements the night changed (net to tenant, and net commission):\n\n"
            md +=
                "| tenant | month | currency | opening net | tonight | closing net | opening commission | tonight | closing commission |\n"
            md += "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"
            for r in money.rollForward {
                md +=
                    "| \(M.code(r.tenant.rawValue)) | \(r.month) | \(r.currency) | \(M.amount(r.opening.netCents)) | \(M.amount(r.activity.netCents)) | "
                md +=
                    "\(M.amount(r.closing.netCents)) | \(M.amount(r.opening.netCommissionCents)) | \(M.amount(r.activity.netCommissionCents)) | "
                md += "\(M.amount(r.closing.netCommissionCents)) |\n"
            }
        }
        let open = openValue
        if !open.isEmpty {
            md +=
                "\nOpen exceptions: "
                + open.map {
                    "\($0.count) worth \(M.amount($0.amountCents))\($0.currency.isEmpty ? " (no currency)" : " \($0.currency)")"
                }.joined(separator: ", ") + ".\n"
        }
        for f in failedAmounts {
            md +=
                "\nFailed events: \(f.events) carrying \(M.amount(f.cents))\(f.currency.isEmpty ? "" : " \(f.currency)"), on no statement.\n"
        }
        return md
    }
}
