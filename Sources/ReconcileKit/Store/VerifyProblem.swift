/// One thing `verify` found wrong, with the path of the file it is about.
public struct VerifyProblem: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A loose object or pack entry does not decompress or does not hash to its id.
        case corruptObject = "corrupt-object"
        /// A pack's header, entry framing, length or checksum is wrong (e.g. truncated).
        case corruptPack = "corrupt-pack"
        /// A pack index is unreadable, or is missing for a pack a root names.
        case corruptPackIndex = "corrupt-pack-index"
        /// A pack and its index disagree: an entry in one is missing from the other.
        case packIndexMismatch = "pack-index-mismatch"
        /// A root names a blob or a pack that is not in the store.
        case missingObject = "missing-object"
        /// An object a root or HEAD points at is not a valid root.
        case invalidRoot = "invalid-root"
        /// A root's parent is missing: the hash chain is cut.
        case brokenChain = "broken-chain"
        /// HEAD is unreadable or names a root that is not there.
        case invalidHead = "invalid-head"
        /// A file in the store's folders that the store did not write.
        case unexpectedFile = "unexpected-file"
    }

    public let kind: Kind
    public let path: String
    public let message: String

    public init(_ kind: Kind, path: String, _ message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(kind.rawValue): \(message)" }
}
