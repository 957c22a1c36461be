import Glibc

extension String {
    /// Compares the UTF-8 bytes of two strings like `memcmp`: negative, zero or positive. The order
    /// of canonical JSON keys and of every id in a snapshot, report or statement — the same as
    /// `utf8.lexicographicallyPrecedes(_:)`, with one `memcmp` instead of a loop over two UTF-8
    /// views (sorting a million ids spent most of its time in that loop).
    func utf8Compare(_ other: String) -> Int {
        // Native strings: their bytes in place, no copy.
        let inPlace: Int?? = utf8.withContiguousStorageIfAvailable { x in
            other.utf8.withContiguousStorageIfAvailable { y in Self.compareBytes(x, y) }
        }
        if let inPlace, let inPlace { return inPlace }
        var a = self
        var b = other
        return a.withUTF8 { x in b.withUTF8 { y in Self.compareBytes(x, y) } }
    }

    static func compareBytes(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
        let common = Swift.min(x.count, y.count)
        if common > 0 {
            let c = memcmp(x.baseAddress!, y.baseAddress!, common)
            if c != 0 { return Int(c) }
        }
        return x.count - y.count
    }

    /// Whether `self` sorts before `other` by their UTF-8 bytes (see ``utf8Compare(_:)``).
    func utf8Precedes(_ other: String) -> Bool { utf8Compare(other) < 0 }

    /// Whether every byte is ASCII. Among such strings Swift's `<` is the UTF-8 byte order; for
    /// others it compares canonical (NFC) forms, which bytes may not.
    var utf8IsASCII: Bool { UTF8KeyedSort.withBytes(self) { $0.allSatisfy { $0 < 0x80 } } }
}

extension Sequence where Element == String {
    /// The strings in UTF-8 byte order, sorted through integer keys (``UTF8KeyedSort``).
    func sortedByUTF8() -> [String] {
        let all = Array(self)
        return UTF8KeyedSort.order(ids: all).map { all[$0] }
    }
}
