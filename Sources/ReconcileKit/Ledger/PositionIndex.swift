/// A hash index of positions into an array kept elsewhere (a ``KeyedTable``'s values, the
/// ledger's bookings): open addressing, linear probing, one 8-byte word a slot — 32 bits of the
/// key's hash and the position. The keys are not stored: the caller's `matches` compares a key with
/// the value at a position, and only when the hash bits agree, so a probe that passes other keys
/// compares integers, not strings (a Swift dictionary compares every String key it passes, and holds a
/// 16-byte key and its reference count per entry).
/// Nothing is ever removed.
struct PositionIndex: Sendable {
    /// 0: empty; else `hashBits << 32 | (position + 1)`. A power-of-two count, or none.
    private var slots: [UInt64] = []
    private(set) var count = 0

    /// What ``probe(hash:matches:)`` found: the key's position, or where it would go.
    enum Probe {
        case found(position: Int, slot: Int)
        /// `tableSize`: the slot is only good while the table keeps that size.
        case absent(slot: Int, hashBits: UInt32, tableSize: Int)
    }

    static func hashBits(_ hash: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: hash >> 32) ^ UInt32(truncatingIfNeeded: hash)
    }

    /// The slot of the key whose hash is `hash`: `matches(position)` tells whether the value at a
    /// position has that key.
    @inline(__always)
    func probe(hash: Int, matches: (Int) -> Bool) -> Probe {
        let bits = Self.hashBits(hash)
        guard !slots.isEmpty else { return .absent(slot: -1, hashBits: bits, tableSize: 0) }
        let mask = slots.count - 1
        var i = Int(bits) & mask
        while true {
            let s = slots[i]
            if s == 0 { return .absent(slot: i, hashBits: bits, tableSize: slots.count) }
            if UInt32(truncatingIfNeeded: s >> 32) == bits {
                let position = Int(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1
                if matches(position) { return .found(position: position, slot: i) }
            }
            i = (i + 1) & mask
        }
    }

    /// Records `position` for the key of `probe`: at its empty slot when absent (the key must not
    /// have been added since the probe), in place of the old position when found.
    mutating func set(_ position: Int, at probe: Probe) {
        precondition(position >= 0 && position < Int(UInt32.max), "position index full")
        switch probe {
        case .found(_, let slot):
            slots[slot] = slots[slot] & 0xFFFF_FFFF_0000_0000 | UInt64(position + 1)
        case .absent(var slot, let bits, let size):
            if (count + 1) * 4 > slots.count * 3 {
                resize(to: Swift.max(8, slots.count * 2))
                slot = emptySlot(for: bits)
            } else if size != slots.count || slots[slot] != 0 {
                slot = emptySlot(for: bits)
            }
            slots[slot] = UInt64(bits) << 32 | UInt64(position + 1)
            count += 1
        }
    }

    /// Room for `capacity` keys without growing (at most three quarters of the slots used).
    mutating func reserveCapacity(_ capacity: Int) {
        var size = Swift.max(8, slots.count)
        while capacity * 4 > size * 3 { size *= 2 }
        if size > slots.count { resize(to: size) }
    }

    private func emptySlot(for bits: UInt32) -> Int {
        let mask = slots.count - 1
        var i = Int(bits) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        return i
    }

    private mutating func resize(to size: Int) {
        let old = slots
        slots = Array(repeating: 0, count: size)
        for s in old where s != 0 { slots[emptySlot(for: UInt32(truncatingIfNeeded: s >> 32))] = s }
    }
}

/// A key and its hash, taken once: a rule that looks a key up and then adds it hashes it once.
struct HashedKey<Key: Hashable>: Sendable where Key: Sendable {
    let key: Key
    let hash: Int

    init(_ key: Key) {
        self.key = key
        hash = key.hashValue
    }
}
