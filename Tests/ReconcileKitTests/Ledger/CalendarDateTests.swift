import Testing

@testable import ReconcileKit

@Suite struct CalendarDateTests {
    @Test(
        "real calendar dates only",
        arguments: [
            ("2026-09-12", true), ("2024-02-29", true), ("2000-02-29", true), ("2026-12-31", true),
            ("2026-02-30", false), ("2026-02-29", false), ("1900-02-29", false), ("2026-13-01", false),
            ("2026-00-10", false), ("2026-04-31", false), ("2026-9-12", false), ("26-09-12", false),
            ("2026-09-12T00:00:00Z", false), ("0000-01-01", false), ("2026/09/12", false), ("", false),
        ])
    func parsesOnlyRealDates(_ text: String, _ valid: Bool) {
        #expect((CalendarDate(text) != nil) == valid)
        if valid { #expect(CalendarDate(text)?.text == text) }
    }

    @Test func unixSecondsMapToUTCDays() {
        #expect(CalendarDate(unixSeconds: 0).text == "1970-01-01")
        #expect(CalendarDate(unixSeconds: 1_767_225_600).text == "2026-01-01")
        #expect(CalendarDate(unixSeconds: 1_767_225_599).text == "2025-12-31")
        #expect(CalendarDate(unixSeconds: -1).text == "1969-12-31")
        #expect(CalendarDate("2026-01-01")!.unixSecondsAtMidnight == 1_767_225_600)
        #expect(CalendarDate("2024-03-01")!.monthText == "2024-03")
    }

    @Test func textIsZeroPaddedAndAFiveDigitYearStillPrints() {
        #expect(CalendarDate("0001-02-03")!.text == "0001-02-03")
        #expect(CalendarDate("0001-02-03")!.monthText == "0001-02")
        #expect(CalendarDate("9999-12-31")!.text == "9999-12-31")
        #expect(CalendarDate(unixSeconds: 400_000_000_000).text == "14645-06-30")
        #expect(CalendarDate(unixSeconds: 400_000_000_000).monthText == "14645-06")
    }

    @Test func daysRoundTripOverFourCenturies() {
        var day = CalendarDate("1900-01-01")!.daysSinceEpoch
        let end = CalendarDate("2300-12-31")!.daysSinceEpoch
        var previous: CalendarDate?
        while day <= end {
            let date = CalendarDate(unixSeconds: day * 86_400)
            #expect(date.daysSinceEpoch == day)
            #expect(CalendarDate(date.text) == date)
            if let previous { #expect(previous < date) }
            previous = date
            day += 1
        }
    }
}
