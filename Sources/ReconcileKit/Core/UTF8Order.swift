import Glibc

extension String {
    /// Whether `self` sorts before `other` by their UTF-8 bytes: the order of canonical JSON keys
    /// and of every id in a snapshot, report or statement. The same answer as
    /// `utf8.lexicographicallyPrecedes(other.utf8)`, with one `memcmp` instead of a loop over two
    /// UTF-8 views (sorting a million ids spent most of its time in that loop).
    @inlinable
    public func utf8Precedes(_ other: String) -> Bool {
        var a = self
        var b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = Swift.min(x.count, y.count)
                if common > 0 {
                    let c = memcmp(x.baseAddress!, y.baseAddress!, common)
                    if c != 0 { return c < 0 }
                }
                return x.count < y.count
            }
        }
    }
}
