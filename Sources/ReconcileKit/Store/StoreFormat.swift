/// The store's format version, kept in the `FORMAT` file as one line (`reconcile-store 1`).
/// A store written by a newer build is refused rather than misread (git's `repositoryformatversion`).
public struct StoreFormat: Equatable, Sendable {
    public static let magic = "reconcile-store"
    public static let current = StoreFormat(version: 1)
    public static let supported: Set<Int> = [1]

    public let version: Int

    public var line: String { "\(Self.magic) \(version)" }

    /// Parses the file's content; nil when it is not `reconcile-store <integer>`.
    public static func parse(_ text: String) -> StoreFormat? {
        let firstLine = text.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
        let parts = firstLine.split(separator: " ")
        guard parts.count == 2, parts[0] == magic, let version = Int(parts[1]) else { return nil }
        return StoreFormat(version: version)
    }
}
