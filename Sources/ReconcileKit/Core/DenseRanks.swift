/// Ranks of a few distinct values among many: the groups of ``UTF8KeyedSort`` (a million record
/// keys hold a few thousand `(kind, tenant)` pairs). Each value is hashed once; only the distinct
/// values are sorted.
enum DenseRanks {
    /// For each of `values`, the position of its value among the distinct values sorted by
    /// `areInIncreasingOrder`: equal values get equal ranks, and `a` precedes `b` exactly when
    /// the rank of `a` is smaller.
    static func of<Value: Hashable>(_ values: [Value], by areInIncreasingOrder: (Value, Value) -> Bool) -> [UInt32] {
        var slotOf: [Value: Int] = [:]
        var distinct: [Value] = []
        var slots: [Int] = []
        slots.reserveCapacity(values.count)
        for value in values {
            if let slot = slotOf[value] {
                slots.append(slot)
            } else {
                slotOf[value] = distinct.count
                slots.append(distinct.count)
                distinct.append(value)
            }
        }
        var rankOfSlot = [UInt32](repeating: 0, count: distinct.count)
        for (rank, slot) in distinct.indices.sorted(by: { areInIncreasingOrder(distinct[$0], distinct[$1]) })
            .enumerated()
        {
            rankOfSlot[slot] = UInt32(rank)
        }
        return slots.map { rankOfSlot[$0] }
    }
}
