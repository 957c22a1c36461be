extension CommissionStatement {
    /// A printable, self-contained HTML statement: embedded CSS only, system fonts, a print layout
    /// that fits A4 and US Letter (the `@page` rule names no paper size, so the printer's is used;
    /// the content is sized for the narrower A4 width and the shorter Letter height), table headers repeated on every
    /// page, rows never split. Every piece of data is HTML-escaped. The footer shows `stamp`, never the wall clock.
    func renderHTML(stamp: GenerationStamp) -> [UInt8] {
        let t = totals
        let code = OutboxFormat.currencyCode(currency)
        let name = HTMLText.escape(tenantName)
        let period = CalendarMonth(month)
        let periodName = HTMLText.escape(period?.name ?? month)
        let periodRange =
            period.map { "1–\($0.dayCount) \(OutboxFormat.monthNames[$0.month - 1]) \($0.year)" }
            ?? HTMLText.escape(month)
        let rates = ratesApplied
        let flagged = lines.filter { !$0.openExceptions.isEmpty }.count

        var h = ""
        h.reserveCapacity(Self.css.utf8.count + 4096)
        h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>Commission statement · \(name) · \(periodName)</title>\n"
        h +=
            "<style>\n\(Self.css)\(Self.runningHeader("\(tenantName) · \(tenantID.rawValue) · \(period?.name ?? month)"))</style>\n</head>\n<body>\n<main class=\"sheet\">\n"

        // Header: what this is, for whom, for when.
        h += "<header class=\"masthead\">\n"
        h += "  <div>\n    <p class=\"eyebrow\">Commission statement</p>\n"
        h += "    <h1>\(name)</h1>\n"
        h +=
            "    <p class=\"sub\">Tenant <span class=\"id\">\(HTMLText.escape(tenantID.rawValue))</span></p>\n  </div>\n"
        h += "  <dl class=\"facts\">\n"
        h += "    <div><dt>Period</dt><dd>\(periodRange)</dd></div>\n"
        h += "    <div><dt>Currency</dt><dd>\(HTMLText.escape(code))</dd></div>\n"
        h +=
            "    <div><dt>Commission rate\(rates.count > 1 ? "s" : "") applied</dt><dd>\(Self.ratesText(rates))</dd></div>\n"
        h += "    <div><dt>Revision</dt><dd>\(revision)</dd></div>\n"
        h += "  </dl>\n</header>\n"
        let changed = changedSinceLastRevision
        if revision > 1 {
            h += "<section class=\"revision\">\n<h2>Changed since revision \(revision - 1)</h2>\n<ul>\n"
            for line in changed.prefix(Self.changesListed) {
                h += "<li>\(line.date.text) · \(line.kind == .payment ? "payment" : "refund") · "
                h +=
                    "<span class=\"id\">\(HTMLText.escape(line.platformBookingID ?? line.bookingID))</span> · net \(OutboxFormat.groupedAmount(line.net))"
                h += line.adjustsMonth.map { " · adjusts \(HTMLText.escape($0))" } ?? ""
                h += "</li>\n"
            }
            if changed.count > Self.changesListed {
                h += "<li>… and \(changed.count - Self.changesListed) more lines</li>\n"
            }
            h += "</ul>\n</section>\n"
        }

        // Summary: the figures finance looks for first, each named once.
        h += "<section class=\"summary\" aria-label=\"Summary\">\n"
        h += Self.figure("Gross bookings", t.grossCents, note: "\(t.bookings) booking\(t.bookings == 1 ? "" : "s")")
        h += Self.figure("Commission charged", t.commissionCents, note: "on the bookings paid")
        h += Self.figure("Commission reversed", t.commissionReversedCents, note: "by the refunds")
        h += Self.figure("Refunds", t.refundCents, note: "\(t.refunds) refund\(t.refunds == 1 ? "" : "s")")
        h += Self.figure("Net commission", t.netCommissionCents, note: "charged − reversed")
        h += Self.figure("Net to tenant", t.netCents, note: code, strong: true)
        h += "</section>\n"
        if flagged > 0 {
            h +=
                "<p class=\"notice\"><span class=\"flag\">Open</span> \(flagged) line\(flagged == 1 ? "" : "s") of this statement "
            h +=
                "concern\(flagged == 1 ? "s" : "") a booking with an open reconciliation exception (named on the line): "
            h += "the platform or the bank disagrees with the payment record, so the line may still change.</p>\n"
        }

        // Lines.
        h += "<table class=\"lines statement\">\n<thead>\n<tr>"
        h +=
            "<th scope=\"col\">Date</th><th scope=\"col\" class=\"booking-col\">Booking</th><th scope=\"col\" class=\"num\">Rate applied</th>"
        h += "<th scope=\"col\" class=\"num\">Gross</th><th scope=\"col\" class=\"num\">Commission charged</th>"
        h += "<th scope=\"col\" class=\"num\">Refund</th><th scope=\"col\" class=\"num\">Commission reversed</th>"
        h += "<th scope=\"col\" class=\"num\">Net to tenant</th></tr>\n</thead>\n<tbody>\n"
        if lines.isEmpty {
            h += "<tr><td class=\"empty\" colspan=\"8\">No bookings or refunds in this period.</td></tr>\n"
        }
        // The lines, most of the bytes, are appended as bytes.
        var out = Array(h.utf8)
        out.reserveCapacity(out.count + 4096 + lines.count * 900)
        for line in lines { Self.appendRow(line, to: &out) }
        h = ""
        h += "</tbody>\n<tfoot>\n<tr>"
        h += "<th scope=\"row\" colspan=\"3\">Total · \(HTMLText.escape(Self.countsText(t)))</th>"
        for cents in [t.grossCents, t.commissionCents, t.refundCents, t.commissionReversedCents] {
            h += "<td class=\"num\">\(OutboxFormat.groupedAmount(cents))</td>"
        }
        h += "<td class=\"num net\">\(OutboxFormat.groupedAmount(t.netCents))</td></tr>\n</tfoot>\n</table>\n"

        // How the numbers come about (SPEC §5).
        h += "<section class=\"method\">\n<h2>How commission is computed</h2>\n<ul>\n"
        h +=
            "<li>Each booking appears in the month it was paid, and each refund in the month it was made (UTC dates).</li>\n"
        h +=
            "<li>Commission is the booking total times the tenant’s rate at the time of payment, rounded <em>up</em> to the next cent, and never less than 0.5&nbsp;% or more than 50&nbsp;% of the total.</li>\n"
        let bounds = Set(lines.compactMap(\.rateBound))
        if bounds.contains(.minimum) {
            h +=
                "<li><strong>The 0.5&nbsp;% minimum applied</strong> on the lines marked “minimum”: the tenant’s rate gave less, so the commission charged is 0.5&nbsp;% of the booking total.</li>\n"
        }
        if bounds.contains(.maximum) {
            h +=
                "<li><strong>The 50&nbsp;% maximum applied</strong> on the lines marked “maximum”: the tenant’s rate gave more, so the commission charged is 50&nbsp;% of the booking total.</li>\n"
        }
        h +=
            "<li>A full refund reverses the whole commission. A partial refund reverses commission in proportion to the amount refunded, rounded up to the next cent.</li>\n"
        h +=
            "<li>Net commission = commission charged − commission reversed. Net to tenant = gross − commission charged − refunds + commission reversed. All amounts are exact to the cent; no currency conversion is applied.</li>\n"
        h += "</ul>\n</section>\n"

        h += "<footer class=\"colophon\">\n"
        h +=
            "<p>Figures as of \(UTCTime.human(stamp.asOf)) · generated by reconcile run <span class=\"id\">\(HTMLText.escape(stamp.runID))</span></p>\n"
        h +=
            "<p>Statement <span class=\"id\">\(HTMLText.escape(tenantID.rawValue))/\(HTMLText.escape(month))</span> · amounts in \(HTMLText.escape(code)) · the CSV and JSON files beside this one hold the same figures</p>\n"
        h += "</footer>\n</main>\n</body>\n</html>\n"
        out.append(contentsOf: h.utf8)
        return out
    }

    /// One `<tr>` of the lines table, as the bytes of its HTML. The booking cell names the
    /// platform's booking id, the event date and the package where known, then the checkout
    /// session and event ids as references; a refund names the payment it reverses.
    static func appendRow(_ line: Line, to out: inout [UInt8]) {
        func cell(_ cents: Cents, applies: Bool) {
            guard applies else { return out.append(contentsOf: "<td class=\"num na\">—</td>".utf8) }
            out.append(contentsOf: "<td class=\"num\">".utf8)
            out.appendGroupedAmount(cents)
            out.append(contentsOf: "</td>".utf8)
        }
        func text(_ s: String) { out.appendHTMLEscaped(s) }
        let isPayment = line.kind == .payment
        out.append(
            contentsOf:
                "<tr class=\"\(isPayment ? "payment" : "refund")\(line.openExceptions.isEmpty ? "" : " flagged")\">"
                .utf8)
        // The refund tag sits under the date, where there is room, so a refund row stays compact.
        out.append(contentsOf: "<td class=\"date\">".utf8)
        text(line.date.text)
        if !isPayment { out.append(contentsOf: "<span class=\"tag\">Refund</span>".utf8) }
        if let adjusts = line.adjustsMonth {
            out.append(contentsOf: "<span class=\"tag\">Adjusts ".utf8)
            text(adjusts)
            out.append(contentsOf: "</span>".utf8)
        }
        out.append(contentsOf: "</td><td class=\"ref\"><span class=\"booking\">".utf8)
        text(line.platformBookingID ?? line.bookingID)
        out.append(contentsOf: "</span>".utf8)
        var facts: [String] = []
        if let d = line.eventDate { facts.append("event \(d)") }
        if let p = line.packageID { facts.append(p) }
        if !facts.isEmpty {
            out.append(contentsOf: "<span class=\"facts-line\">".utf8)
            text(facts.joined(separator: " · "))
            out.append(contentsOf: "</span>".utf8)
        }
        if let month = line.originalMonth {
            out.append(contentsOf: "<span class=\"orig\">Paid ".utf8)
            text(CalendarMonth(month)?.name ?? month)
            out.append(contentsOf: ": ".utf8)
            out.appendGroupedAmount(line.originalGrossCents ?? 0)
            out.append(contentsOf: ", commission ".utf8)
            out.appendGroupedAmount(line.originalCommissionCents ?? 0)
            out.append(contentsOf: "</span>".utf8)
        }
        out.append(contentsOf: "<span class=\"id muted\">".utf8)
        if line.platformBookingID != nil {
            text(line.bookingID)
            out.append(contentsOf: " · ".utf8)
        }
        text(line.eventID)
        out.append(contentsOf: "</span>".utf8)
        for kind in line.openExceptions {
            out.append(contentsOf: "<span class=\"flag\">Open: ".utf8)
            text(kind.replacingOccurrences(of: "_", with: " "))
            out.append(contentsOf: "</span>".utf8)
        }
        out.append(contentsOf: "</td><td class=\"num\">".utf8)
        text(line.appliedRate.percentText)
        if let bound = line.rateBound {
            out.append(contentsOf: "<span class=\"bound\">".utf8)
            text(bound == .minimum ? "minimum" : "maximum")
            out.append(contentsOf: "</span>".utf8)
        }
        out.append(contentsOf: "</td>".utf8)
        cell(line.gross, applies: isPayment)
        cell(line.commission, applies: isPayment)
        cell(line.refund, applies: !isPayment)
        cell(line.commissionReversed, applies: !isPayment)
        out.append(contentsOf: "<td class=\"num net\">".utf8)
        out.appendGroupedAmount(line.net)
        out.append(contentsOf: "</td></tr>\n".utf8)
    }

    /// The `@page` rule that prints `label` at the top of every page after the first, so a loose
    /// page still says whose statement it is; the page number is printed on every page.
    static func runningHeader(_ label: String) -> String {
        "@page { @top-left { content: \"\(cssString(label))\"; font-size: 7.5pt; color: #5f6b7a; vertical-align: bottom;\n"
            + "  font-family: -apple-system, BlinkMacSystemFont, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif; } }\n"
            + "@page :first { @top-left { content: none; } }\n"
    }

    /// `text` as the inside of a CSS string: quotes, backslashes, line breaks and markup
    /// characters as CSS hex escapes, so no data can end the string or the `<style>` element.
    static func cssString(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"", "\\", "<", ">", "&", "\u{7F}":
                out += "\\" + String(scalar.value, radix: 16) + " "
            case _ where scalar.value < 0x20:
                out += "\\" + String(scalar.value, radix: 16) + " "
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// How many new lines the "changed since revision N" box names.
    static let changesListed = 10

    static func ratesText(_ rates: [RatePeriod]) -> String {
        if rates.isEmpty { return "—" }
        func named(_ r: RatePeriod) -> String {
            HTMLText.escape(r.rate.percentText)
                + (r.bound.map { " <span class=\"muted\">(\($0 == .minimum ? "minimum" : "maximum"))</span>" } ?? "")
        }
        if rates.count == 1 { return named(rates[0]) }
        return rates.map { r in
            let days = r.firstDate == r.lastDate ? r.firstDate.text : "\(r.firstDate) – \(r.lastDate)"
            return "\(named(r)) <span class=\"muted\">(\(HTMLText.escape(days)))</span>"
        }.joined(separator: "<br>")
    }

    static func figure(_ label: String, _ cents: Cents, note: String, strong: Bool = false) -> String {
        "  <div class=\"figure\(strong ? " strong" : "")\"><p class=\"label\">\(label)</p>"
            + "<p class=\"value\">\(OutboxFormat.groupedAmount(cents))</p><p class=\"note\">\(HTMLText.escape(note))</p></div>\n"
    }

    static let css = """
        @page { size: portrait; margin: 14mm 13mm 16mm;
          @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 7.5pt; color: #5f6b7a;
            font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; } }
        :root { --ink: #1b2230; --muted: #5f6b7a; --rule: #d8dde4; --band: #f4f6f9; --accent: #21456e; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0; background: #fff; color: var(--ink);
          font: 10pt/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif; }
        .sheet { max-width: 184mm; margin: 0 auto; padding: 12mm 0; }
        .masthead { display: flex; justify-content: space-between; gap: 10mm; align-items: flex-end;
          border-bottom: 2pt solid var(--accent); padding-bottom: 5mm; }
        .eyebrow { margin: 0; font-size: 8pt; font-weight: 600; letter-spacing: .12em; text-transform: uppercase; color: var(--accent); }
        h1 { margin: 1.5mm 0 1mm; font-size: 19pt; line-height: 1.2; font-weight: 650; }
        .sub { margin: 0; color: var(--muted); }
        .facts { margin: 0; display: grid; grid-template-columns: auto auto; column-gap: 5mm; row-gap: 1mm; text-align: right; }
        .facts div { display: contents; }
        .facts dt { color: var(--muted); font-size: 8.5pt; align-self: baseline; }
        .facts dd { margin: 0; font-weight: 600; align-self: baseline; white-space: nowrap; }
        .id { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: .86em; }
        .muted { color: var(--muted); }
        .summary { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; margin: 6mm 0; break-inside: avoid; }
        .figure { border: 1px solid var(--rule); border-radius: 2mm; padding: 3mm 3.5mm; }
        .figure.strong { background: var(--band); border-color: var(--accent); }
        .figure p { margin: 0; }
        .figure .label { font-size: 8pt; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; }
        .figure .value { font-size: 14pt; font-weight: 650; font-variant-numeric: tabular-nums; margin-top: 1mm; }
        .figure .note { font-size: 8pt; color: var(--muted); }
        table.lines { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
        thead { display: table-header-group; }
        tfoot { display: table-row-group; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        th, td { padding: 1.7mm 1.6mm; vertical-align: top; text-align: left; }
        thead th { font-size: 7.5pt; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .04em;
          border-bottom: 1.2pt solid var(--ink); vertical-align: bottom; line-height: 1.25; }
        thead th.num { white-space: normal; }
        tbody td { border-bottom: 1px solid var(--rule); }
        tbody tr.refund td { background: #fcf8f3; }
        .num { text-align: right; white-space: nowrap; }
        .date { white-space: nowrap; }
        .ref .id, .ref .booking, .ref .facts-line, .ref .orig { display: block; }
        .ref .booking { font-weight: 600; }
        table.statement th.booking-col { width: 37%; }
        table.statement .ref .id.muted { word-break: normal; overflow-wrap: anywhere; }
        .ref .facts-line, .ref .orig { font-size: .86em; color: #333c4a; }
        .ref .orig { font-style: italic; }
        .bound { display: block; font-size: 7pt; color: #7a4a12; text-transform: uppercase; letter-spacing: .04em; }
        .flag { display: inline-block; margin: .6mm 1mm 0 0; padding: 0 1.3mm; border-radius: 1mm; background: #fde2e1; color: #8a1c17;
          font-size: 7pt; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
        tbody tr.flagged td:first-child { box-shadow: inset 2pt 0 0 #c0392b; }
        .revision { margin: 4mm 0 0; padding: 2mm 3mm; border-left: 2pt solid var(--accent); background: var(--band); font-size: 8.8pt; break-inside: avoid; }
        .revision h2 { margin: 0 0 1mm; font-size: 9pt; }
        .revision ul { margin: 0; padding-left: 4.5mm; }
        .notice { margin: 0 0 4mm; padding: 2mm 3mm; border-left: 2pt solid #c0392b; background: #fdf3f2; font-size: 8.8pt; }
        .ref .id.muted { font-size: .76em; word-break: break-all; }
        .na { color: #a3acb8; }
        .net { font-weight: 600; }
        .tag { display: inline-block; margin-left: 1mm; padding: 0 1.3mm; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif; border-radius: 1mm; background: #f3e3cf; color: #7a4a12; font-size: 7pt; font-weight: 600; text-transform: uppercase; letter-spacing: .05em; vertical-align: 1px; }
        .date .tag { display: table; margin: .5mm 0 0; }
        .empty { text-align: center; color: var(--muted); padding: 6mm; }
        tfoot th, tfoot td { border-top: 1.2pt solid var(--ink); border-bottom: 2.4pt double var(--ink); font-weight: 650; padding-top: 2.2mm; }
        tfoot th { text-align: left; }
        .method { margin-top: 8mm; padding: 4mm 5mm; background: var(--band); border-radius: 2mm; break-inside: avoid; }
        .method h2 { margin: 0 0 1.5mm; font-size: 10pt; }
        .method ul { margin: 0; padding-left: 4.5mm; font-size: 8.8pt; color: #333c4a; }
        .method li { margin: .6mm 0; }
        .colophon { margin-top: 6mm; padding-top: 3mm; border-top: 1px solid var(--rule); font-size: 7.8pt; color: var(--muted); break-inside: avoid; }
        .colophon p { margin: .5mm 0; }
        @media print { .sheet { max-width: none; padding: 0; }
          .masthead { padding-bottom: 4mm; } .summary { margin: 4.5mm 0; } .figure { padding: 2.5mm 3mm; }
          th, td { padding: 1.15mm 1.5mm; } tfoot th, tfoot td { padding-top: 1.8mm; }
          .method { margin-top: 5mm; padding: 3mm 4mm; } .method li { margin: .3mm 0; } .colophon { margin-top: 4mm; } }

        """
}
