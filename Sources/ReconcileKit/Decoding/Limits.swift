/// The defensive limits of SPEC §2. Tests lower them to trip each one with small inputs.
struct Limits: Sendable {
    /// A decompressed stream larger than this *and* larger than `maxExpansionRatio` × its compressed
    /// size is treated as a decompression bomb.
    var maxDecompressedBytes: Int
    var maxExpansionRatio: Int
    var maxDepth: Int
    var maxRecordBytes: Int

    init(
        maxDecompressedBytes: Int = 1 << 30, maxExpansionRatio: Int = 64, maxDepth: Int = 64,
        maxRecordBytes: Int = 16 << 20
    ) {
        self.maxDecompressedBytes = maxDecompressedBytes
        self.maxExpansionRatio = maxExpansionRatio
        self.maxDepth = maxDepth
        self.maxRecordBytes = maxRecordBytes
    }

    static let standard = Limits()
}
