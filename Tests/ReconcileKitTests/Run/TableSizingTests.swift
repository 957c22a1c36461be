import Testing

@testable import ReconcileKit

/// A first run sizes its index once, from its first large file (``TableSizing``).
@Suite struct TableSizingTests {
    static func files(_ sizes: [Int64]) -> [InboxFile] {
        sizes.enumerated().map {
            InboxFile(
                relativePath: "f\($0.offset)", absolutePath: "/f\($0.offset)",
                stamp: FileStamp(size: $0.element, modifiedNanos: 0, changedNanos: 0, inode: 0, device: 0))
        }
    }

    @Test func theFirstLargeFileStandsForItselfAndTheFilesAfterIt() {
        // 100 bytes, then three files of 1,000,000 bytes: the second holds 20,000 records.
        var sizing = TableSizing(files: Self.files([100, 1_000_000, 1_000_000, 1_000_000]), startsEmpty: true)
        #expect(sizing.estimate(recordsIn: 3, fileAt: 0) == nil, "too small to stand for the rest")
        #expect(sizing.estimate(recordsIn: 20_000, fileAt: 1) == 30_000, "half of 60,000")
        #expect(sizing.estimate(recordsIn: 20_000, fileAt: 2) == nil, "estimated once")
    }

    @Test func anIndexThatAlreadyHoldsRecordsIsNotSized() {
        var sizing = TableSizing(files: Self.files([1_000_000]), startsEmpty: false)
        #expect(sizing.estimate(recordsIn: 50_000, fileAt: 0) == nil)
    }
}
