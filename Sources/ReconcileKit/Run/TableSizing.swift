/// How many records a first run will admit, estimated once from its first large file, so the
/// index and the table of new objects are sized once instead of rehashing a million keys at every
/// doubling. Only for an index that
/// started empty: there, every record of the night is new unless repeated within the night, so
/// the estimate does not run ahead of what the tables will hold. A later night's tables are
/// already large, and a re-export of known records would size them for nothing.
struct TableSizing {
    /// Bytes of the files from each position of the scan on (the last entry is 0).
    private let bytesFrom: [Int64]
    private var done: Bool

    /// Files this large give an estimate: their bytes per record stand for the rest.
    static let minimumRecords = 10_000

    init(files: [InboxFile], startsEmpty: Bool) {
        var sums = [Int64](repeating: 0, count: files.count + 1)
        for i in files.indices.reversed() { sums[i] = sums[i + 1] + files[i].size }
        bytesFrom = sums
        done = !startsEmpty
    }

    /// Half the records the files from position `i` on would hold at the bytes per record of file
    /// `i` (which holds `records`); nil once estimated, or for a file too small to stand for the
    /// rest. Half: a denser first file (a bookings export holds about twice the records per byte of
    /// plain events) must not size the tables past what the night needs; the tables then double
    /// once or twice at most, instead of twenty times.
    mutating func estimate(recordsIn records: Int, fileAt i: Int) -> Int? {
        guard !done, records >= Self.minimumRecords else { return nil }
        done = true
        let size = bytesFrom[i] - bytesFrom[i + 1]
        guard size > 0 else { return nil }
        return Int(Double(records) * Double(bytesFrom[i]) / Double(size) / 2)
    }
}
