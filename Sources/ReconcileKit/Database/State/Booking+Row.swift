/// A ``Booking`` as one row of `bookings`: every field a column, `add_on_ids` and `warnings` as
/// canonical JSON arrays of strings.
extension Booking {
    static let columnNames = [
        "tenant_id", "id", "date", "status", "total", "currency", "paid_at", "checkout_session_id", "payment_intent_id",
        "rate_basis_points", "commission", "refunded", "reversed", "refund_status", "event_id", "package_id", "tier_id",
        "add_on_ids", "metadata_commission_amount", "metadata_commission_basis_points", "warnings",
    ]
    static let columns = columnNames.joined(separator: ", ")

    func appendValues(to values: inout [DatabaseValue]) {
        values.append(contentsOf: [
            tenantID.databaseValue, .text(id), .text(date.text), .text(status.rawValue), .integer(total),
            .text(currency),
            .integer(paidAt), .text(checkoutSessionID), DatabaseValue(paymentIntentID), .integer(rate.value),
            .integer(commission), .integer(refunded), .integer(reversed), .text(refundStatus.rawValue), .text(eventID),
            DatabaseValue(packageID), DatabaseValue(tierID), .text(Self.jsonArray(addOnIDs)),
            DatabaseValue(metadataCommissionAmount), DatabaseValue(metadataCommissionRate?.value),
            .text(Self.jsonArray(warnings.map(\.rawValue))),
        ])
    }

    /// The booking in `row`, whose columns are ``columns`` from `index` on.
    init(row: any DatabaseRow, at index: Int = 0) throws {
        let tenant = try row.tenantID(index)
        let id: String = try row.get(index + 1)
        let key = "\(tenant)/\(id)"
        func strings(_ column: Int) throws -> [String] {
            let text: String = try row.get(index + column)
            guard let array = try? JSONParser().parse(Array(text.utf8)).arrayValue,
                case let strings = array.compactMap(\.stringValue), strings.count == array.count
            else {
                throw StateError(
                    .unreadableRow, table: "bookings", key: key,
                    reason: "column \(index + column) is no JSON array of strings")
            }
            return strings
        }
        let warnings = try strings(20).map { text in
            guard let warning = BookingWarning(rawValue: text) else {
                throw StateError(
                    .unreadableRow, table: "bookings", key: key, reason: "column \(index + 20) holds an unknown warning"
                )
            }
            return warning
        }
        self.init(
            id: id, tenantID: tenant, date: try row.calendarDate(index + 2, table: "bookings", key: key),
            status: try row.enumeration(index + 3, as: BookingStatus.self, table: "bookings", key: key),
            total: try row.get(index + 4), currency: try row.get(index + 5), paidAt: try row.get(index + 6),
            checkoutSessionID: try row.get(index + 7), paymentIntentID: try row.get(index + 8),
            rate: BasisPoints(try row.get(index + 9)), commission: try row.get(index + 10),
            refunded: try row.get(index + 11),
            reversed: try row.get(index + 12),
            refundStatus: try row.enumeration(index + 13, as: RefundStatus.self, table: "bookings", key: key),
            eventID: try row.get(index + 14), packageID: try row.get(index + 15), tierID: try row.get(index + 16),
            addOnIDs: try strings(17), metadataCommissionAmount: try row.get(index + 18),
            metadataCommissionRate: try row.get(index + 19, as: Int64?.self).map(BasisPoints.init), warnings: warnings)
    }

    private static func jsonArray(_ strings: [String]) -> String {
        String(decoding: CanonicalJSON.encode(.array(strings.map { .string($0) })), as: UTF8.self)
    }
}
