/// Random provider events as JSON text, for differential tests: random key order and whitespace,
/// nesting, raw and escaped Unicode, surrogate pairs, big and negative integers, fractions, nulls,
/// and now and then a duplicate key, an escaped or non-ASCII key, a wrong type or deep nesting.
struct EventGenerator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }
    mutating func pick<T>(_ options: [T]) -> T { options[Int.random(in: 0..<options.count, using: &rng)] }

    mutating func space() -> String { chance(80) ? "" : pick([" ", "\n", "\t", "\r\n ", "  "]) }

    static let pieces = [
        "a", "Z", "0", " ", "_", "-", "/", "é", "日本", "😀", "K", "\u{212A}", "e\u{301}", "\u{7f}", "<>&'",
        "\\n", "\\\"", "\\\\", "\\/", "\\t", "\\b", "\\f", "\\r", "\\u00e9", "\\u0001", "\\u001f", "\\u0000",
        "\\ud83d\\ude00", "\\u2028", "\\u0041", "\\uFFFF", "\\u007f",
    ]

    mutating func string() -> String {
        var s = "\""
        for _ in 0..<Int.random(in: 0...6, using: &rng) { s += pick(Self.pieces) }
        // lone surrogates: both paths refuse
        if chance(1), chance(25) { s += pick(["\\ud800", "\\udc00x", "\\ud800\\u0041"]) }
        return s + "\""
    }

    mutating func key() -> String {
        if chance(1) {
            return pick([
                "\"\\u0061\"", "\"cl\u{e9}\"", "\"\u{212A}\"", "\"K\"", "\"a\\u0062\"", "\"\"", "\"\u{1F600}\"",
            ])
        }
        return "\""
            + pick(["a", "b", "ab", "B", "a_b", "id", "object", "amount", "x1", "created", "aa", "zz", "A", "ba"])
            + "\""
    }

    /// A key no fixed member of an event uses; now and then an escaped or non-ASCII one.
    mutating func extraKey(_ n: Int = 0) -> String {
        if chance(2) { return pick(["\"x\\u0061\"", "\"x_cl\u{e9}\"", "\"x\u{212A}\""]) }
        return "\"x_\(n)\(pick(["", "a", "B", "\u{7f}", "_z"]))\""
    }

    mutating func number() -> String {
        pick([
            "0", "-0", "1", "-1", "42", "124200", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
            "-9223372036854775809", "123456789012345678901234567890", "1.5", "-0.0", "1e10", "2E-3", "0.000", "1E+2",
            "100000000000000000", "999999999999999999", "-123456789012345678",
        ])
    }

    mutating func value(depth: Int) -> String {
        let roll = Int.random(in: 0..<100, using: &rng)
        if depth > 5 || roll < 45 {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0, 1: return string()
            case 2, 3: return number()
            case 4: return pick(["true", "false"])
            default: return "null"
            }
        }
        if roll < 75 { return object(depth: depth + 1) }
        var elements: [String] = []
        for _ in 0..<Int.random(in: 0...4, using: &rng) { elements.append(value(depth: depth + 1)) }
        return "[" + space() + elements.joined(separator: space() + "," + space()) + space() + "]"
    }

    mutating func object(depth: Int) -> String {
        var members: [(String, String)] = []
        for _ in 0..<Int.random(in: 0...6, using: &rng) {
            let k = key()
            if !members.contains(where: { $0.0 == k }) { members.append((k, value(depth: depth))) }
        }
        return render(members)
    }

    /// Members written in a random order, with a duplicate now and then.
    mutating func render(_ members: [(String, String)]) -> String {
        var members = members.shuffled(using: &rng)
        if chance(1), let first = members.first { members.append((first.0, value(depth: 9))) }
        return "{" + space()
            + members.map { $0.0 + space() + ":" + space() + $0.1 }.joined(separator: space() + "," + space()) + space()
            + "}"
    }

    mutating func deep() -> String {
        let levels = pick([62, 63, 64, 65, 70])
        return String(repeating: "[", count: levels) + "1" + String(repeating: "]", count: levels)
    }

    mutating func metadata() -> String {
        var m: [(String, String)] = []
        if chance(90) {
            m.append(
                (
                    "\"tenantId\"",
                    chance(90)
                        ? "\"tnt_\(Int.random(in: 0..<50, using: &rng))\"" : pick(["\"\"", "null", "7", string()])
                ))
        }
        if chance(90) {
            m.append(("\"eventDate\"", pick(["\"2026-02-26\"", "\"2026-02-30\"", "\"x\"", "\"2027-12-31\""])))
        }
        if chance(90) { m.append(("\"email\"", "\"a@example.com\"")) }
        if chance(90) { m.append(("\"coupleName\"", chance(80) ? "\"Ada & Linus\"" : string())) }
        if chance(80) { m.append(("\"packageId\"", pick(["\"pkg_weekend\"", "\"\"", "null", "3"]))) }
        if chance(30) { m.append(("\"tierId\"", "\"tier_1\"")) }
        if chance(70) {
            m.append(
                (
                    "\"addOnIds\"",
                    pick([
                        "\"[\\\"addon_video\\\"]\"", "\"[]\"", "\"[\\\"a\\\",\\\"b\\u00e9\\\"]\"", "\"nope\"", "null",
                        "[\"x\"]",
                    ])
                ))
        }
        if chance(30) { m.append(("\"commissionAmount\"", pick(["\"700\"", "\"7.5\"", "700", "null"]))) }
        if chance(30) { m.append(("\"commissionPercent\"", pick(["\"7\"", "\"12.5\"", "\"x\"", "10.5"]))) }
        if chance(20) { m.append((extraKey(), value(depth: 4))) }
        return render(m)
    }

    mutating func dataObject() -> String {
        var o: [(String, String)] = []
        if chance(95) {
            o.append(
                (
                    "\"id\"",
                    chance(90) ? "\"cs_\(Int.random(in: 0..<1000, using: &rng))\"" : pick(["7", "null", string()])
                ))
        }
        o.append(("\"object\"", pick(["\"checkout.session\"", "\"charge\"", "\"payment_intent\""])))
        for field in ["amount_total", "amount_subtotal", "amount", "amount_refunded", "amount_captured", "created"]
        where chance(50) {
            o.append(
                (
                    "\"\(field)\"",
                    chance(97)
                        ? String(Int64.random(in: -5...9_000_000, using: &rng))
                        : pick(["null", "1.5", "\"100\"", "99999999999999999999", "-0", "true", "9223372036854775807"])
                ))
        }
        if chance(80) { o.append(("\"currency\"", pick(["\"usd\"", "\"EUR\"", "null", "5", "\"\\u0055SD\""]))) }
        if chance(60) {
            o.append(
                (
                    "\"payment_intent\"",
                    pick(["\"pi_1\"", "null", "{\"id\":\"pi_2\",\"amount\":5}", "{\"amount\":5}", "{\"id\":7}", "3"])
                ))
        }
        if chance(90) { o.append(("\"metadata\"", chance(95) ? metadata() : pick(["null", "\"x\"", "[]"]))) }
        if chance(50) { o.append(("\"customer_email\"", "\"b@example.com\"")) }
        for n in 0..<Int.random(in: 0...4, using: &rng) { o.append((extraKey(n), value(depth: 3))) }
        if chance(3) { o.append(("\"deep\"", deep())) }
        return render(o)
    }

    /// One event envelope.
    mutating func event() -> String {
        var e: [(String, String)] = []
        if chance(97) {
            e.append(
                (
                    "\"id\"",
                    chance(95)
                        ? "\"evt_\(Int.random(in: 0..<100_000, using: &rng))\""
                        : pick(["\"\"", "5", "\"evt_\\u00e9\"", "\"evt_日本\""])
                ))
        }
        if chance(97) {
            e.append(
                ("\"object\"", chance(95) ? "\"event\"" : pick(["\"list\"", "\"\\u0065vent\"", "\"Event\"", "null"])))
        }
        if chance(97) {
            e.append(
                (
                    "\"type\"",
                    chance(90)
                        ? "\"checkout.session.completed\""
                        : pick([
                            "\"checkout.session.completed\"", "\"charge.refunded\"", "\"plan.created\"",
                            "\"checkout.session.expired\"", "\"\"", "3", "\"checkout.session.completed\\u0000\"",
                        ])
                ))
        }
        if chance(97) {
            e.append(
                (
                    "\"created\"",
                    chance(90)
                        ? String(Int.random(in: 1_700_000_000...1_800_000_000, using: &rng))
                        : pick(["1.5", "-0", "99999999999999999999", "\"1\"", "-5"])
                ))
        }
        if chance(80) { e.append(("\"livemode\"", pick(["true", "false", "null", "1", "\"true\""]))) }
        if chance(97) {
            e.append(
                (
                    "\"data\"",
                    chance(97)
                        ? render(
                            [("\"object\"", dataObject())]
                                + (chance(20) ? [("\"previous_attributes\"", object(depth: 2))] : []))
                        : pick(["{}", "null", "{\"object\":[]}"])
                ))
        }
        if chance(70) { e.append(("\"api_version\"", "\"2024-06-20\"")) }
        if chance(70) { e.append(("\"pending_webhooks\"", number())) }
        if chance(70) { e.append(("\"request\"", "{\"id\":\"req_1\",\"idempotency_key\":null}")) }
        if chance(20) { e.append((extraKey(), value(depth: 1))) }
        return render(e)
    }
}
