/// The defensive limits of SPEC §2. Tests lower them to trip each one with small inputs.
public struct Limits: Sendable {
    /// A decompressed stream larger than this *and* larger than `maxExpansionRatio` × its compressed
    /// size is treated as a decompression bomb.
    public var maxDecompressedBytes: Int
    public var maxExpansionRatio: Int
    public var maxDepth: Int
    public var maxRecordBytes: Int

    public init(maxDecompressedBytes: Int = 1 << 30, maxExpansionRatio: Int = 64, maxDepth: Int = 64, maxRecordBytes: Int = 16 << 20) {
        self.maxDecompressedBytes = maxDecompressedBytes
        self.maxExpansionRatio = maxExpansionRatio
        self.maxDepth = maxDepth
        self.maxRecordBytes = maxRecordBytes
    }

    public static let standard = Limits()
}
