import Testing

@testable import ReconcileKit

/// The fast path gives the common event types as shared literals (no heap string per event); any
/// other spelling — another type, or the same type written with an escape — is decoded as it is.
@Suite struct SharedEventTypeTests {
    func sharedType(_ json: String) -> String? {
        let bytes = Array(json.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            JSONTape(buffer, maxDepth: 8).flatMap { FastEventDecoder.sharedType($0, 0) }
        }
    }

    @Test func theCommonTypesAreShared() {
        #expect(sharedType(#""checkout.session.completed""#) == "checkout.session.completed")
        #expect(sharedType(#""payment_intent.payment_failed""#) == "payment_intent.payment_failed")
    }

    @Test func otherTypesAndEscapedSpellingsAreNotShared() {
        #expect(sharedType(#""customer.created""#) == nil)
        #expect(sharedType(#""checkout.session\u002ecompleted""#) == nil)
        #expect(sharedType(#""checkout.session.completed.v2""#) == nil)
    }

    @Test func anEscapedSpellingOfACommonTypeStillDecodesToItsText() throws {
        let line = Array(
            #"{"id":"evt_1","object":"event","type":"checkout.session\u002ecompleted","created":1,"data":{"object":{"id":"cs_1"}}}"#
                .utf8)
        let record = try #require(
            line.withUnsafeBufferPointer {
                FastEventDecoder.decodeLine($0, maxDepth: 64, at: Location(line: 1, byteOffset: 0))
            })
        #expect(String(decoding: record.canonical, as: UTF8.self).contains(#""type":"checkout.session.completed""#))
    }
}
