/// A ledger booking's payment status. A partial refund leaves it `paid` (see ``RefundStatus``).
enum BookingStatus: String, Sendable, Codable, Comparable {
    case paid = "PAID"
    case refunded = "REFUNDED"

    static func < (a: BookingStatus, b: BookingStatus) -> Bool { a.rawValue < b.rawValue }
}

/// How much of a booking has been refunded.
enum RefundStatus: String, Sendable, Codable {
    case none = "NONE"
    case partial = "PARTIAL"
    case full = "FULL"

    /// The refund status and booking status for a cumulative refunded amount.
    static func of(refunded: Cents, total: Cents) -> (RefundStatus, BookingStatus) {
        if refunded <= 0 { return (.none, .paid) }
        if refunded >= total { return (.full, .refunded) }
        return (.partial, .paid)
    }
}

/// Something odd about a booking's checkout metadata that did not stop it being booked.
enum BookingWarning: String, Sendable, Codable, Comparable {
    /// `addOnIds` was present but not a JSON array of strings inside a string; read as `[]`.
    case addOnIDsUnreadable = "add_on_ids_unreadable"
    /// `commissionAmount` (integer cents) or `commissionPercent` (0–100, two decimals) was present
    /// but unreadable; ignored.
    case commissionMetadataUnreadable = "commission_metadata_unreadable"

    static func < (a: BookingWarning, b: BookingWarning) -> Bool { a.rawValue < b.rawValue }
}
