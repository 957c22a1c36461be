import Testing

@testable import ReconcileKit

@Suite struct OutboxPathTests {
    @Test(arguments: [
        ("", OutboxPath.Problem.empty),
        ("a/b", .containsSlash),
        ("../etc", .containsSlash),
        ("..", .leadingDot),
        (".", .leadingDot),
        (".hidden", .leadingDot),
        ("a\u{0}b", .containsNUL),
        ("a\\b", .containsBackslash),
        ("line\nbreak", .containsControl),
        (String(repeating: "x", count: 201), .tooLong),
    ])
    func unsafeComponentsAreRefused(name: String, problem: OutboxPath.Problem) {
        #expect(OutboxPath.problem(with: name) == problem)
    }

    @Test(arguments: ["tnt_bella", "_global", "20261001T020000Z", "a.b", "Bella-Söhne"])
    func ordinaryNamesAreAccepted(name: String) {
        #expect(OutboxPath.problem(with: name) == nil)
    }

    @Test func reservedNamesAreRefused() {
        #expect(OutboxPath.problem(with: "latest", reserved: ["latest"]) == .reserved)
    }

    @Test(arguments: [
        ("2026-09", true), ("2026-12", true), ("2026-13", false), ("2026-00", false),
        ("2026-9", false), ("2026/09", false), ("../09", false),
    ])
    func monthsMustBeYYYYMM(text: String, valid: Bool) {
        #expect(OutboxPath.isMonth(text) == valid)
    }
}
