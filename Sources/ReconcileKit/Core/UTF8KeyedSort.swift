/// Sorts many ids by their UTF-8 bytes by comparing integers. Each item becomes a
/// 16-byte key: a group the caller gives (a rank, e.g. of the item's tenant), 8 bytes of its id read
/// as a big-endian integer, and its position. The keys are sorted as integers, first on the 8 bytes
/// after the prefix all ids share; each run of keys still equal is sorted again on the next 8 bytes,
/// and so on until the ids end, where the whole ids (``String/utf8Compare(_:)``), then `tieBreak`,
/// then the positions decide. The result is exactly the order of `(group, id by UTF-8 bytes,
/// tieBreak, position)`, with no String touched by most comparisons (a million ids sorted with a
/// String comparator spent most of their time in retains and releases).
enum UTF8KeyedSort {
    /// The positions `0..<ids.count`, ordered by `(groups[i], ids[i] by UTF-8 bytes)`, then by
    /// `tieBreak(i, j)` (negative: `i` first, positive: `j` first, zero: undecided), then by
    /// position, so the order is always complete and deterministic.
    /// - Parameter groups: one per id, `nil` for a single group.
    static func order(ids: [String], groups: [UInt32]? = nil, tieBreak: (Int, Int) -> Int = { _, _ in 0 }) -> [Int] {
        precondition(groups == nil || groups!.count == ids.count, "one group per id")
        precondition(ids.count <= Int(UInt32.max), "positions are 32 bits")
        guard ids.count > 1 else { return Array(ids.indices) }
        /// Whole ids, then the caller's tie-break, then positions: for keys whose bytes are all compared.
        func exactly(_ a: Key, _ b: Key) -> Bool {
            let (i, j) = (Int(a.position), Int(b.position))
            let byID = ids[i].utf8Compare(ids[j])
            if byID != 0 { return byID < 0 }
            let byTie = tieBreak(i, j)
            return byTie != 0 ? byTie < 0 : i < j
        }
        /// Sorts keys whose ids are known to agree before `offset` (zero-padded) within a group.
        func sort(_ keys: UnsafeMutableBufferPointer<Key>, from offset: Int) {
            var keys = keys
            var longest = 0
            for k in keys.indices {
                let id = ids[Int(keys[k].position)]
                longest = Swift.max(longest, id.utf8.count)
                keys[k].bytes = withBytes(id) { word($0, from: offset) }
            }
            keys.sort { a, b in a.group != b.group ? a.group < b.group : a.bytes < b.bytes }
            var start = 0
            while start < keys.count {
                var end = start + 1
                while end < keys.count, keys[end].group == keys[start].group, keys[end].bytes == keys[start].bytes {
                    end += 1
                }
                if end - start > 1 {
                    var run = UnsafeMutableBufferPointer(rebasing: keys[start..<end])
                    if longest > offset + 8 { sort(run, from: offset + 8) } else { run.sort(by: exactly) }
                }
                start = end
            }
        }
        var keys = (0..<ids.count).map { Key(group: groups?[$0] ?? 0, position: UInt32($0), bytes: 0) }
        let shared = commonPrefixLength(ids)
        keys.withUnsafeMutableBufferPointer { sort($0, from: shared) }
        return keys.map { Int($0.position) }
    }

    struct Key {
        var group: UInt32
        var position: UInt32
        /// 8 bytes of the id, big-endian, zero-padded past its end.
        var bytes: UInt64
    }

    /// How many leading bytes all `ids` have in common.
    static func commonPrefixLength(_ ids: [String]) -> Int {
        let first = Array(ids[0].utf8)
        var length = first.count
        for id in ids.dropFirst() where length > 0 {
            length = withBytes(id) { bytes in
                var k = 0
                let limit = Swift.min(length, bytes.count)
                while k < limit && bytes[k] == first[k] { k += 1 }
                return k
            }
        }
        return length
    }

    /// The 8 bytes from `start` as a big-endian integer; bytes past the end count as 0 (two ids
    /// that differ only there tie, and their whole bytes decide).
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt64 {
        var word: UInt64 = 0
        for k in start..<(start + 8) {
            word = word << 8 | (k < bytes.count ? UInt64(bytes[k]) : 0)
        }
        return word
    }

    static func withBytes<R>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = string
        return copy.withUTF8(body)
    }
}
