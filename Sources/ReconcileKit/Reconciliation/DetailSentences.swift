/// The `detail` sentences that every unmatched or unsettled booking gets, made once per date: a
/// reconciliation can list one per booking, and thousands of bookings share a date.
struct DetailSentences {
    let settlementDays: Int
    private var missingInPlatform: [CalendarDate: String] = [:]
    private var missingInPlatformRefunded: [CalendarDate: String] = [:]
    private var unsettled: [CalendarDate: String] = [:]

    init(settlementDays: Int) {
        self.settlementDays = settlementDays
    }

    /// `missing_in_platform`: a paid checkout for `date` the platform has no booking for.
    mutating func missingInPlatform(date: CalendarDate, refunded: Bool) -> String {
        if refunded {
            return Self.cached(date, in: &missingInPlatformRefunded) {
                "paid checkout for \($0.text) (refunded) has no platform booking"
            }
        }
        return Self.cached(date, in: &missingInPlatform) { "paid checkout for \($0.text) has no platform booking" }
    }

    /// `unsettled_booking`: paid on `paidDate`, no bank credit within the settlement window.
    mutating func unsettled(paidDate: CalendarDate) -> String {
        let days = settlementDays
        return Self.cached(paidDate, in: &unsettled) { "paid \($0.text), no bank credit within \(days) days" }
    }

    private static func cached(
        _ date: CalendarDate, in sentences: inout [CalendarDate: String],
        _ make: (CalendarDate) -> String
    ) -> String {
        if let sentence = sentences[date] { return sentence }
        let sentence = make(date)
        sentences[date] = sentence
        return sentence
    }
}
