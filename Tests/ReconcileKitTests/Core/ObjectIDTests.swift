import Testing

@testable import ReconcileKit

@Suite struct ObjectIDTests {
    @Test func idsThatShareTheirFirstSixtyFourBitsAreStillDistinctKeys() {
        let prefix = String(repeating: "ab", count: 8)
        let a = ObjectID(hex: prefix + String(repeating: "0", count: 48))!
        let b = ObjectID(hex: prefix + String(repeating: "0", count: 47) + "1")!
        #expect(a.hashValue == b.hashValue, "only the first word is hashed")
        #expect(a != b)
        let table: [ObjectID: String] = [a: "a", b: "b"]
        #expect(table[a] == "a" && table[b] == "b")
    }

    @Test func equalIDsHashAlike() {
        let digest = ObjectID(digestOf: Array("record".utf8))
        #expect(ObjectID(hex: digest.hex) == digest)
        #expect(ObjectID(hex: digest.hex)!.hashValue == digest.hashValue)
    }
}
