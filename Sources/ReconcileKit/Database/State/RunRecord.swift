/// One committed run, a link of the run log's hash chain: its root is the SHA-256 of the parent's
/// root, the run's manifest and a digest of the night's changes (``root(parent:manifest:changesDigest:)``),
/// so changing any run changes every root after it.
struct RunRecord: Equatable, Sendable {
    let runID: String
    /// The previous run's root; nil for the first run.
    let parent: ObjectID?
    /// Unix seconds of the commit.
    let time: Int64
    /// The run's `--as-of` day.
    let asOf: CalendarDate
    /// The run's manifest, canonical bytes (its inputs, options and counts).
    let manifest: [UInt8]
    let changesDigest: ObjectID
    let root: ObjectID

    /// A run whose root is computed from its parts.
    init(runID: String, parent: ObjectID?, time: Int64, asOf: CalendarDate, manifest: [UInt8], changesDigest: ObjectID)
    {
        self.init(
            runID: runID, parent: parent, time: time, asOf: asOf, manifest: manifest, changesDigest: changesDigest,
            root: Self.root(parent: parent, manifest: manifest, changesDigest: changesDigest))
    }

    /// A run as stored, its root as read (``rootHolds`` says whether it is right).
    init(
        runID: String, parent: ObjectID?, time: Int64, asOf: CalendarDate, manifest: [UInt8], changesDigest: ObjectID,
        root: ObjectID
    ) {
        self.runID = runID
        self.parent = parent
        self.time = time
        self.asOf = asOf
        self.manifest = manifest
        self.changesDigest = changesDigest
        self.root = root
    }

    /// SHA-256 of: the parent root's 32 bytes (32 zero bytes for the first run), the manifest's
    /// length as 8 bytes big-endian, the manifest, and the changes digest's 32 bytes. Every part
    /// but the manifest has a fixed size, so no two different runs hash the same parts.
    static func root(parent: ObjectID?, manifest: [UInt8], changesDigest: ObjectID) -> ObjectID {
        var digest = StreamingDigest()
        digest.update(parent?.bytes ?? [UInt8](repeating: 0, count: 32))
        withUnsafeBytes(of: UInt64(manifest.count).bigEndian) { digest.update($0) }
        digest.update(manifest)
        digest.update(changesDigest.bytes)
        return digest.finalize()
    }

    /// Whether the stored root is the hash of the stored parts.
    var rootHolds: Bool { root == Self.root(parent: parent, manifest: manifest, changesDigest: changesDigest) }
}
