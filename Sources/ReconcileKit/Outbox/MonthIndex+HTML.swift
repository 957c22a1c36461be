extension MonthIndex {
    /// `statements/<YYYY-MM>/index.html`: a printable, self-contained page (embedded CSS, no
    /// scripts, fonts or images) listing every tenant's statement for the month with its totals
    /// and links to the tenant's HTML, CSV and JSON files beside it. Same look and print rules as
    /// the statements (A4 portrait, fits Letter; header repeated, rows never split). A currency
    /// column and one total row per currency appear when tenants bill in more than one currency.
    /// Every piece of data is HTML-escaped; links are percent-encoded.
    func renderHTML() -> [UInt8] {
        let period = CalendarMonth(month)
        let periodName = HTMLText.escape(period?.name ?? month)
        let periodRange =
            period.map { "1–\($0.dayCount) \(OutboxFormat.monthNames[$0.month - 1]) \($0.year)" }
            ?? HTMLText.escape(month)
        let totals = currencyTotals
        let codes = totals.map { OutboxFormat.currencyCode($0.currency) }
        let showCurrency = totals.count > 1
        let columns = showCurrency ? 9 : 8

        var h = ""
        h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>Commission statements · \(periodName)</title>\n"
        h +=
            "<style>\n\(CommissionStatement.css)\(Self.css)\(CommissionStatement.runningHeader("Commission statements · \(period?.name ?? month)"))</style>\n</head>\n<body>\n<main class=\"sheet\">\n"

        h += "<header class=\"masthead\">\n"
        h += "  <div>\n    <p class=\"eyebrow\">Commission statements</p>\n"
        h += "    <h1>\(periodName)</h1>\n"
        h +=
            "    <p class=\"sub\">All tenants · statement folder <span class=\"id\">\(HTMLText.escape(month))</span></p>\n  </div>\n"
        h += "  <dl class=\"facts\">\n"
        h += "    <div><dt>Period</dt><dd>\(periodRange)</dd></div>\n"
        h += "    <div><dt>Tenants</dt><dd>\(entries.count)</dd></div>\n"
        h +=
            "    <div><dt>Currenc\(codes.count > 1 ? "ies" : "y")</dt><dd>\(codes.isEmpty ? "—" : HTMLText.escape(codes.joined(separator: ", ")))</dd></div>\n"
        h += "  </dl>\n</header>\n"

        if totals.count == 1, let t = totals.first {
            h += "<section class=\"summary\" aria-label=\"Summary\">\n"
            h += CommissionStatement.figure(
                "Gross bookings", t.grossCents, note: "\(t.bookings) booking\(t.bookings == 1 ? "" : "s")")
            h += CommissionStatement.figure("Commission charged", t.commissionCents, note: "on the bookings paid")
            h += CommissionStatement.figure("Commission reversed", t.commissionReversedCents, note: "by the refunds")
            h += CommissionStatement.figure(
                "Refunds", t.refundCents, note: "\(t.refunds) refund\(t.refunds == 1 ? "" : "s")")
            h += CommissionStatement.figure(
                "Net commission", t.netCommissionCents, note: "charged − reversed")
            h += CommissionStatement.figure("Net to tenants", t.netCents, note: codes[0], strong: true)
            h += "</section>\n"
        }

        h += "<table class=\"lines tenants\">\n<thead>\n<tr>"
        h += "<th scope=\"col\">Tenant / statement</th>"
        if showCurrency { h += "<th scope=\"col\">Currency</th>" }
        h += "<th scope=\"col\" class=\"num\">Bookings</th><th scope=\"col\" class=\"num\">Refunds</th>"
        h += "<th scope=\"col\" class=\"num\">Gross</th><th scope=\"col\" class=\"num\">Commission charged</th>"
        h += "<th scope=\"col\" class=\"num\">Refunded</th><th scope=\"col\" class=\"num\">Commission reversed</th>"
        h += "<th scope=\"col\" class=\"num\">Net to tenant</th></tr>\n</thead>\n<tbody>\n"
        if entries.isEmpty {
            h += "<tr><td class=\"empty\" colspan=\"\(columns)\">No statements for this period.</td></tr>\n"
        }
        for e in entries {
            let t = e.totals
            h += "<tr>"
            h +=
                "<td class=\"ref\"><a class=\"tenant\" href=\"\(HTMLText.escape(Self.href(e.tenantID, "html")))\">\(HTMLText.escape(e.tenantName))</a>"
            h += "<span class=\"id muted\">\(HTMLText.escape(e.tenantID.rawValue))</span>"
            h += "<span class=\"files\"><a href=\"\(HTMLText.escape(Self.href(e.tenantID, "html")))\">HTML</a>"
            h += " · <a href=\"\(HTMLText.escape(Self.href(e.tenantID, "csv")))\">CSV</a>"
            h += " · <a href=\"\(HTMLText.escape(Self.href(e.tenantID, "json")))\">JSON</a></span></td>"
            if showCurrency { h += "<td>\(HTMLText.escape(OutboxFormat.currencyCode(e.currency)))</td>" }
            h += "<td class=\"num\">\(t.bookings)</td><td class=\"num\">\(t.refunds)</td>"
            for cents in [t.grossCents, t.commissionCents, t.refundCents, t.commissionReversedCents] {
                h += "<td class=\"num\">\(OutboxFormat.groupedAmount(cents))</td>"
            }
            h += "<td class=\"num net\">\(OutboxFormat.groupedAmount(t.netCents))</td></tr>\n"
        }
        h += "</tbody>\n<tfoot>\n"
        for t in totals {
            let code = HTMLText.escape(OutboxFormat.currencyCode(t.currency))
            h +=
                "<tr><th scope=\"row\">Total\(showCurrency ? " \(code)" : "") · \(t.tenants) tenant\(t.tenants == 1 ? "" : "s")</th>"
            if showCurrency { h += "<td>\(code)</td>" }
            h += "<td class=\"num\">\(t.bookings)</td><td class=\"num\">\(t.refunds)</td>"
            for cents in [t.grossCents, t.commissionCents, t.refundCents, t.commissionReversedCents] {
                h += "<td class=\"num\">\(OutboxFormat.groupedAmount(cents))</td>"
            }
            h += "<td class=\"num net\">\(OutboxFormat.groupedAmount(t.netCents))</td></tr>\n"
        }
        h += "</tfoot>\n</table>\n"

        h += "<section class=\"method\">\n<h2>About these figures</h2>\n<ul>\n"
        h +=
            "<li>Each row is one tenant’s commission statement for the month; its totals are the statement’s totals row. Tenants with no booking paid and no refund made in the month have no statement.</li>\n"
        h +=
            "<li>Commission charged is the commission on the bookings paid in the month; refunds reverse part or all of it (commission reversed). Net commission = commission charged − commission reversed. Net to tenant = gross − commission charged − refunded + commission reversed.</li>\n"
        h += "<li>Amounts in different currencies are never added together.</li>\n"
        h += "</ul>\n</section>\n"

        h += "<footer class=\"colophon\">\n"
        h +=
            "<p>Index of <span class=\"id\">statements/\(HTMLText.escape(month))/</span> · each statement shows when its figures were generated</p>\n"
        h += "<p><span class=\"id\">summary.csv</span> beside this file holds the same figures for spreadsheets</p>\n"
        h += "</footer>\n</main>\n</body>\n</html>\n"
        return Array(h.utf8)
    }

    /// Additions to the statement style sheet for the tenant table.
    static let css = """
        table.tenants th:first-child { width: 34%; }
        table.tenants a { color: inherit; text-decoration: none; }
        table.tenants a.tenant { font-weight: 600; display: block; }
        table.tenants .ref .id.muted { word-break: normal; overflow-wrap: anywhere; font-size: .8em; }
        table.tenants .files { display: block; font-size: 7.5pt; white-space: nowrap; color: var(--muted); }
        table.tenants .files a { color: var(--accent); text-decoration: underline; text-decoration-thickness: .5pt; }
        @media screen { table.tenants a.tenant:hover { text-decoration: underline; } }
        @media print { table.tenants .files { display: none; } }

        """
}
