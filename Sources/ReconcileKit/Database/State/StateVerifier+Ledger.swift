extension StateDatabase {
    /// The ledger's invariants (``Ledger/invariantViolations()``) that the engine does not enforce,
    /// each as one query over the tables. One booking per (tenant, date) and per (tenant, payment
    /// intent) is the engine's `UNIQUE`; a line's and a booking's own references are in
    /// ``rowReferences``.
    ///
    /// A booking's refunded amount may exceed its total (the refund rule takes `amount_refunded` as
    /// the provider reports it), so that is not checked; its statuses must follow it.
    static func ledgerChecks(_ engine: DatabaseEngine) -> [StateCheck] {
        let booking = ["b.tenant_id", "b.id"]
        func bookings(
            _ columns: [String], from: String = "bookings b", where condition: String,
            _ reason: @escaping @Sendable ([String]) -> String
        ) -> StateCheck {
            StateCheck(
                kind: .ledger, table: "bookings", keyColumns: 2,
                sql: "SELECT \((booking + columns).joined(separator: ", ")) FROM \(from) WHERE \(condition)",
                reason: reason)
        }
        // Each booking with the sums of its lines (zero when it has none). SUM of a BIGINT is
        // NUMERIC on PostgreSQL, hence the casts.
        let withLineSums = """
            bookings b LEFT JOIN (
                SELECT tenant_id, booking_id, CAST(SUM(CASE WHEN kind = 'payment' THEN 1 ELSE 0 END) AS BIGINT) AS payments,
                    CAST(SUM(gross) AS BIGINT) AS gross, CAST(SUM(commission) AS BIGINT) AS commission,
                    CAST(SUM(refund) AS BIGINT) AS refund, CAST(SUM(commission_reversed) AS BIGINT) AS reversed
                FROM ledger_lines GROUP BY tenant_id, booking_id
            ) s ON s.tenant_id = b.tenant_id AND s.booking_id = b.id
            """
        func sum(_ column: String) -> String { "COALESCE(s.\(column), 0)" }
        // ceil(a × b / d) for a, b ≥ 0, d > 0, as Commission.ceilFraction computes it.
        func ceil(_ a: String, _ b: String, _ d: String) -> String { "((\(a) * \(b) + \(d) - 1) / \(d))" }
        // §5's commission (Commission.amount): the rate (at most 100 %) clamped to [0.5 %, 50 %].
        // Totals above Int64.max / 10000 would overflow the product and are not checked.
        let rate = "CASE WHEN b.rate_basis_points > 10000 THEN 10000 ELSE b.rate_basis_points END"
        let (raw, low, high) = (
            ceil("b.total", rate, "10000"), ceil("b.total", "50", "10000"), ceil("b.total", "5000", "10000")
        )
        let commission = """
            CASE WHEN b.total > 922337203685477 OR b.rate_basis_points < 0 THEN b.commission
                 WHEN \(raw) < \(low) THEN \(low) WHEN \(raw) > \(high) THEN \(high) ELSE \(raw) END
            """
        // §5's reversal (Commission.reversal); commission × refunded stays below 2^63 for totals up
        // to 3·10^9 cents (a commission is at most half the total, rounded up).
        let reversal = """
            CASE WHEN b.refunded <= 0 THEN 0 WHEN b.refunded >= b.total THEN b.commission
                 WHEN b.total > 3000000000 OR b.commission < 0 THEN b.reversed
                 ELSE \(ceil("b.commission", "b.refunded", "b.total")) END
            """
        let refundStatus =
            "CASE WHEN b.refunded <= 0 THEN 'NONE' WHEN b.refunded >= b.total THEN 'FULL' ELSE 'PARTIAL' END"
        let status = "CASE WHEN b.refunded > 0 AND b.refunded >= b.total THEN 'REFUNDED' ELSE 'PAID' END"
        return [
            bookings([sum("payments")], from: withLineSums, where: "\(sum("payments")) <> 1") {
                "\($0[0]) payment lines, not 1"
            },
            bookings(
                ["b.total", sum("gross"), "b.commission", sum("commission")], from: withLineSums,
                where: "\(sum("gross")) <> b.total OR \(sum("commission")) <> b.commission"
            ) {
                "total \($0[0]) and commission \($0[2]) differ from its lines' gross \($0[1]) and commission \($0[3])"
            },
            bookings(
                ["b.refunded", sum("refund"), "b.reversed", sum("reversed")], from: withLineSums,
                where: "\(sum("refund")) <> b.refunded OR \(sum("reversed")) <> b.reversed"
            ) {
                "refunded \($0[0]) and reversed \($0[2]) differ from its lines' refund \($0[1]) and commission reversed \($0[3])"
            },
            bookings(["b.total"], where: "b.total <= 0") { "total \($0[0]) is not positive" },
            bookings(
                ["b.total", "b.rate_basis_points", "b.commission", commission],
                where: "b.rate_basis_points < 0 OR b.commission <> \(commission)"
            ) {
                "commission \($0[2]) of total \($0[0]) at \($0[1]) bp is not §5's \($0[3])"
            },
            bookings(
                ["b.commission", "b.refunded", "b.reversed", reversal],
                where: "b.reversed > b.commission OR b.reversed <> \(reversal)"
            ) {
                "reversed \($0[2]) of commission \($0[0]) after refunding \($0[1]) is not §5's \($0[3])"
            },
            bookings(
                ["b.status", "b.refund_status", "b.refunded", "b.total"],
                where: "b.refund_status <> \(refundStatus) OR b.status <> \(status)"
            ) {
                "status \($0[0]) and refund status \($0[1]) do not follow refunded \($0[2]) of total \($0[3])"
            },
            bookings(
                ["b.event_id", "e.status"],
                from: "bookings b JOIN events e ON e.tenant_id = b.tenant_id AND e.id = b.event_id",
                where: "e.status <> 'PROCESSED'"
            ) { "its checkout event \($0[0]) is \($0[1]), not PROCESSED" },
            // Nothing applied without its effect: a PROCESSED checkout made a booking of its own tenant.
            StateCheck(
                kind: .ledger, table: "events", keyColumns: 2,
                sql: """
                    SELECT e.tenant_id, e.id FROM events e
                    WHERE e.status = 'PROCESSED' AND e.type = 'checkout.session.completed'
                    AND \(engine.noRow(of: "bookings", ["tenant_id", "event_id"], matching: ["e.tenant_id", "e.id"]))
                    """
            ) { _ in "a PROCESSED checkout without its booking" },
            StateCheck(
                kind: .ledger, table: "ledger_lines", keyColumns: 2,
                sql: """
                    SELECT l.tenant_id, l.sequence, l.event_tenant_id, l.event_id, COALESCE(e.status, 'missing') FROM ledger_lines l
                    LEFT JOIN events e ON e.tenant_id = l.event_tenant_id AND e.id = l.event_id
                    WHERE e.status IS NULL OR e.status <> 'PROCESSED'
                    """
            ) { "its event \($0[0])/\($0[1]) is \($0[2]), not PROCESSED" },
            // The ledger's sequence numbers its lines 1…n across tenants, which a key starting with
            // tenant_id cannot enforce: no number twice, none skipped.
            StateCheck(
                kind: .ledger, table: "ledger_lines", keyColumns: 2,
                sql: """
                    SELECT l.tenant_id, l.sequence FROM ledger_lines l
                    WHERE EXISTS (SELECT 1 FROM ledger_lines o WHERE o.sequence = l.sequence AND o.tenant_id <> l.tenant_id)
                    """
            ) { _ in "another tenant's line has the same sequence" },
            StateCheck(
                kind: .ledger, table: "ledger_lines", keyColumns: 2,
                sql: """
                    SELECT l.tenant_id, l.sequence FROM ledger_lines l
                    WHERE l.sequence > 1 AND NOT EXISTS (SELECT 1 FROM ledger_lines p WHERE p.sequence = l.sequence - 1)
                    """
            ) { _ in "no line has the sequence before it" },
        ]
    }
}
