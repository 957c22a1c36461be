import Foundation

extension String {
    /// Compares the UTF-8 bytes of two strings like `memcmp`: negative, zero or positive. The same
    /// order as `utf8.lexicographicallyPrecedes(_:)`, without its byte-at-a-time iterator, which
    /// dominated the sorts of the reconciliation (issue 6).
    func utf8Compare(_ other: String) -> Int {
        let fast = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in Self.compare(a, b) }
        }
        if let fast = fast ?? nil { return fast }
        if utf8.elementsEqual(other.utf8) { return 0 }
        return utf8.lexicographicallyPrecedes(other.utf8) ? -1 : 1
    }

    /// `utf8.lexicographicallyPrecedes(other.utf8)`, faster.
    func utf8Precedes(_ other: String) -> Bool { utf8Compare(other) < 0 }

    private static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = Swift.min(a.count, b.count)
        if common > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            let order = memcmp(pa, pb, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }
}
