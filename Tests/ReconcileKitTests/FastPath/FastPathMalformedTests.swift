import Foundation
import Testing

@testable import ReconcileKit

/// On broken input the fast path declines or agrees with the slow path, and the tape
/// accepts nothing the parser (or Foundation's parser) refuses.
@Suite struct FastPathMalformedTests {
    let pair = FastSlow()
    static let anchor = FastPathGeneratedTests.anchor

    /// A checkout event with raw and escaped Unicode, escapes in values and a float.
    static let sample =
        #"{"id":"evt_m1","object":"event","type":"checkout.session.completed","created":1767225600,"livemode":false,"data":{"object":{"id":"cs_1","object":"checkout.session","amount_total":12000,"amount_subtotal":-0,"ratio":1.5e3,"currency":"EUR","payment_intent":{"id":"pi_1"},"note":"Zoë \"Z\" 日本 😀 \u00e9\n\ud83d\ude00","metadata":{"tenantId":"tnt_bella","eventDate":"2026-09-12","email":"a@example.com","coupleName":"A & B","packageId":"pkg_1","addOnIds":"[\"addon_video\"]"},"list":[1,null,true,{"b":2,"a":[]}]}},"request":{"id":"req_1","idempotency_key":null}}"#

    static let flips: [UInt8] = [
        0x00, 0x1f, 0x22, 0x5c, 0x2c, 0x7b, 0x7d, 0x5b, 0x5d, 0x3a, 0x20, 0x7f, 0x80, 0xbf, 0xc0, 0xc3,
        0xe2, 0xed, 0xf0, 0xf5, 0xff, UInt8(ascii: "0"), UInt8(ascii: "-"), UInt8(ascii: "e"), UInt8(ascii: "."),
        UInt8(ascii: "u"), UInt8(ascii: "a"),
    ]

    /// Broken spellings put inside the `note` string: invalid UTF-8, lone surrogates, bad escapes.
    static let insertions: [[UInt8]] =
        [
            [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xF5, 0x80, 0x80, 0x80],
            [0xFF], [0x80], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xEF, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF],
            [0xE0, 0xA0, 0x80],
            [0x01], [0x7f],
        ]
        + [
            "\\ud800", "\\udc00", "\\ud800\\u0041", "\\ud800x", "\\udbff\\udfff", "\\u12", "\\u12G4", "\\x", "\\",
            "\\U0041", "\\u0000",
        ].map { Array($0.utf8) }

    static var sampleBytes: [UInt8] { Array(sample.utf8) }

    func ndjson(_ line: [UInt8]) -> [UInt8] { line + [0x0a] + Array(Self.anchor.utf8) + [0x0a] }

    @Test func theSampleIsTakenByTheFastPath() {
        #expect(fastPathTakes(Self.sampleBytes))
        pair.expectSame(ndjson(Self.sampleBytes))
    }

    @Test func truncationAtEveryByteDeclinesOrAgrees() {
        let bytes = Self.sampleBytes
        for n in 0..<bytes.count {
            let cut = Array(bytes[..<n])
            #expect(!tapeAccepts(cut) || parserAccepts(cut), "tape accepts a truncation at \(n)")
            #expect(!fastPathTakes(cut), "fast path took a truncated event (\(n) bytes)")
            pair.expectSame(ndjson(cut))
        }
    }

    @Test func flippedAndDeletedBytesDeclineOrAgree() {
        let bytes = Self.sampleBytes
        var taken = 0
        for i in 0..<bytes.count {
            var variants: [[UInt8]] = Self.flips.filter { $0 != bytes[i] }.map {
                var b = bytes
                b[i] = $0
                return b
            }
            var deleted = bytes
            deleted.remove(at: i)
            variants.append(deleted)
            for variant in variants {
                #expect(
                    !tapeAccepts(variant) || parserAccepts(variant),
                    "tape accepts what the parser refuses: \(String(decoding: variant, as: UTF8.self))")
                if fastPathTakes(variant) { taken += 1 }
                pair.expectSame(ndjson(variant))
            }
        }
        #expect(taken > 1000)
    }

    @Test(arguments: insertions)
    func invalidUTF8AndLoneSurrogatesInAStringDeclineOrAgree(insertion: [UInt8]) throws {
        let bytes = Self.sampleBytes
        let at = try #require(bytes.firstRange(of: Array("Zoë".utf8))).upperBound
        let variant = Array(bytes[..<at]) + insertion + Array(bytes[at...])
        #expect(tapeAccepts(variant) == parserAccepts(variant))
        pair.expectSame(ndjson(variant))
        pair.expectSame(Array("[".utf8) + variant + Array("]".utf8))
    }

    @Test func theTapeJudgesUTF8AsTheParserDoesForEveryTwoByteAndLeadingMultiByteSequence() {
        var cases: [[UInt8]] = []
        for b0 in 0x80...0xFF { for b1 in 0x20...0xFF { cases.append([UInt8(b0), UInt8(b1)]) } }
        let edges: [UInt8] = [0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0]
        for b0 in 0xE0...0xF7 {
            for b1 in edges { for b2 in edges { for b3 in edges { cases.append([UInt8(b0), b1, b2, b3]) } } }
        }
        var mismatches = 0
        for c in cases {
            let text = [0x22] + c + [0x22]
            if tapeAccepts(text) != parserAccepts(text) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test func nestingDeeperThanTheLimitIsRefusedByBoth() {
        for depth in [1, 2, 3, 5] {
            let limits = Limits(maxDepth: depth)
            let pair = FastSlow(limits: limits)
            let bytes = Self.sampleBytes
            #expect(!tapeAccepts(bytes, maxDepth: depth))
            pair.expectSame(ndjson(bytes))
            pair.expectSame(Array("[".utf8) + bytes + Array("]".utf8))
        }
        let deep = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(tapeAccepts(Array(deep.utf8)) && parserAccepts(Array(deep.utf8)))
        #expect(!tapeAccepts(Array(("[" + deep + "]").utf8)) && !parserAccepts(Array(("[" + deep + "]").utf8)))
    }

    @Test func duplicateKeysAnywhereAreRefusedByBothParsersThoughFoundationAcceptsThem() {
        for text in [#"{"a":1,"a":2}"#, #"{"b":{"x":1,"y":2,"x":3}}"#, #"[{"k":1,"j":2,"k":1}]"#] {
            let bytes = Array(text.utf8)
            #expect(!tapeAccepts(bytes) && !parserAccepts(bytes))
            #expect(foundationAccepts(bytes), "Foundation's JSONSerialization keeps one of the duplicates")
        }
        var many = "{"
        for n in 0..<40 { many += "\"k\(n)\":\(n)," }
        many += "\"k17\":0}"
        #expect(!tapeAccepts(Array(many.utf8)) && !parserAccepts(Array(many.utf8)))
    }

    @Test func keysThatAreTheSameStringSpelledDifferentlyAreLeftToTheSlowPath() {
        // JSONParser compares keys as Strings: an escape, or canonical equivalence, makes a duplicate.
        for text in [
            #"{"a":1,"\u0061":2}"#, "{\"K\":1,\"\u{212A}\":2}", "{\"\u{e9}\":1,\"e\u{301}\":2}", #"{"\u00e9":1}"#,
            "{\"é\":1}",
        ] {
            let bytes = Array(text.utf8)
            #expect(!tapeAccepts(bytes), "tape must decline \(text)")
            let line =
                Array(#"{"id":"evt_k","object":"event","type":"t","created":1,"data":{"object":"#.utf8) + bytes
                + Array("}}".utf8)
            pair.expectSame(ndjson(line))
        }
    }

    /// Where Foundation and the tape should agree, they do. Known differences: Foundation refuses
    /// numbers beyond Double's range, which JSONParser and the tape keep as text; the tape (like
    /// JSONParser) refuses duplicate keys and lone surrogate escapes and nesting past the limit, and
    /// declines keys with escapes or non-ASCII bytes.
    @Test func theTapesVerdictAgreesWithFoundationWhereTheyShould() {
        let bytes = Self.sampleBytes
        var inputs: [[UInt8]] = (0...bytes.count).map { Array(bytes[..<$0]) }
        for i in stride(from: 0, to: bytes.count, by: 3) {
            for flip in Self.flips where flip != bytes[i] {
                var b = bytes
                b[i] = flip
                inputs.append(b)
            }
        }
        let at = bytes.firstRange(of: Array("Zoë".utf8))!.upperBound
        for insertion in Self.insertions { inputs.append(Array(bytes[..<at]) + insertion + Array(bytes[at...])) }
        var agree = 0
        var tapeOnlyRefuses: [String] = []
        for input in inputs {
            let tape = tapeAccepts(input)
            let foundation = foundationAccepts(input)
            if tape == foundation {
                agree += 1
                continue
            }
            // Foundation refuses numbers past Double's range (`1e400`); JSONParser keeps their text.
            #expect(
                !tape || Self.hasNumberBeyondDouble(input),
                "tape accepts what Foundation refuses: \(String(decoding: input, as: UTF8.self))")
            if tape { continue }
            // The tape refuses and Foundation accepts: only for a known reason.
            let parser = parserAccepts(input)
            #expect(
                !parser || Self.hasDeclinedKey(input),
                "tape refuses valid JSON: \(String(decoding: input, as: UTF8.self))")
            tapeOnlyRefuses.append(String(decoding: input, as: UTF8.self))
        }
        #expect(agree > inputs.count * 9 / 10)
    }

    static func hasNumberBeyondDouble(_ input: [UInt8]) -> Bool {
        guard let value = try? JSONParser().parse(input) else { return false }
        func check(_ v: JSONValue) -> Bool {
            switch v {
            case .number(let text): return !(Double(text)?.isFinite ?? false)
            case .object(let members): return members.contains { check($0.value) }
            case .array(let elements): return elements.contains(where: check)
            default: return false
            }
        }
        return check(value)
    }

    static func hasDeclinedKey(_ input: [UInt8]) -> Bool {
        guard case .object? = try? JSONParser().parse(input) else { return false }
        func check(_ v: JSONValue) -> Bool {
            switch v {
            case .object(let members):
                return members.contains { !$0.key.utf8.allSatisfy { $0 < 0x80 } || check($0.value) }
            case .array(let elements): return elements.contains(where: check)
            default: return false
            }
        }
        return check(try! JSONParser().parse(input)) || input.contains(0x5c)
    }
}

/// Foundation's verdict on one JSON text (fragments allowed, as JSONParser allows them).
func foundationAccepts(_ bytes: [UInt8]) -> Bool {
    (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil
}
