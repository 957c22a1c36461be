import Testing

@testable import ReconcileKit

/// Seeded random events give the same result through the fast and the slow path, in every
/// envelope the fast path serves (NDJSON line, array element, list-page element).
@Suite struct FastPathGeneratedTests {
    let pair = FastSlow()
    static let anchor =
        #"{"id":"evt_anchor","object":"event","type":"charge.refunded","created":1700000000,"data":{"object":{"id":"ch_1","amount":5,"metadata":{"tenantId":"tnt_a"}}}}"#

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func generatedEventsGiveIdenticalRecordsOrTheSameRejection(seed: UInt64) {
        var generator = EventGenerator(seed: seed)
        var taken = 0
        var good = 0
        var total = 0
        for _ in 0..<400 {
            let event = generator.event()
            let bytes = Array(event.utf8)
            total += 1
            let slow = (try? JSONParser().parse(bytes)).flatMap {
                try? EventDecoder.decode($0, at: Location(line: 1, byteOffset: 0))
            }
            if slow != nil { good += 1 }
            if fastPathTakes(bytes) {
                taken += 1
                #expect(slow != nil, "fast path took a line the slow path refuses: \(event)")
            }
            pair.expectSame(Array((event + "\n" + Self.anchor + "\n").utf8))
            pair.expectSame(Array(("[" + event + ",\n" + Self.anchor + "]").utf8))
            pair.expectSame(
                Array(
                    ("{\"object\":\"list\",\"data\":[\n" + event + ",\n" + Self.anchor + "],\"has_more\":false}").utf8))
        }
        // The generator must produce both good and bad events, and the fast path must serve most
        // good ones (it declines only keys with escapes or non-ASCII bytes), or this proves little.
        #expect(good * 4 > total && good < total, "\(good) of \(total) events are good")
        #expect(taken * 10 > good * 8, "fast path took only \(taken) of \(good) good events")
    }

    @Test(arguments: [11, 12] as [UInt64])
    func generatedValuesAreAcceptedByTheTapeOnlyWhenTheParserAcceptsThem(seed: UInt64) {
        var generator = EventGenerator(seed: seed)
        var accepted = 0
        for _ in 0..<1000 {
            let text = generator.chance(10) ? generator.deep() : generator.value(depth: 0)
            let bytes = Array(text.utf8)
            let tape = tapeAccepts(bytes)
            let parser = parserAccepts(bytes)
            if tape {
                accepted += 1
                #expect(parser, "tape accepts what the parser refuses: \(text)")
                // And writes what CanonicalJSON writes from the parser's value.
                let canonical = bytes.withUnsafeBufferPointer { buffer -> [UInt8] in
                    var out: [UInt8] = []
                    JSONTape(buffer, maxDepth: 64)!.writeCanonical(0, to: &out)
                    return out
                }
                #expect(
                    canonical == CanonicalJSON.encode(try! JSONParser().parse(bytes)), "canonical bytes differ: \(text)"
                )
            }
        }
        #expect(accepted > 500)
    }
}
