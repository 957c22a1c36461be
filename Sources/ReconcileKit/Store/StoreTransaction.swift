/// An object to store: its id must be the SHA-256 of its bytes (checked on write).
public struct StoreObject: Sendable {
    public let id: ObjectID
    public let bytes: [UInt8]

    public init(id: ObjectID, bytes: [UInt8]) {
        self.id = id
        self.bytes = bytes
    }

    public init(bytes: [UInt8]) {
        self.init(id: ObjectID(digestOf: bytes), bytes: bytes)
    }
}

/// Everything one run commits, built by the runner and handed to ``StateStore/commit(_:crashHook:)``
/// in one piece. Records already in the store (or repeated in `records`) are stored once.
public struct StoreTransaction: Sendable {
    /// The head the run started from; the commit is refused if the head has moved since.
    public var parent: ObjectID?
    public var runID: String
    /// Unix seconds.
    public var time: Int64
    public var inputs: [RunInput]
    /// Record objects: written to the run's pack(s) by the commit.
    public var records: [StoreObject]
    /// Records already written by ``StateStore/stage(_:crashHook:)``: the root names their packs.
    /// A transaction has either these or `records`, not both.
    public var staged: StagedRecords?
    /// Named loose objects (index, ledger, summary snapshots).
    public var blobs: [String: [UInt8]]
    /// Named objects the store already holds (a snapshot base and deltas the parent root names),
    /// carried into the new root without being written again. The commit fails if one is missing.
    public var carriedBlobs: [String: ObjectID]
    public var counts: [String: Int64]
    /// The oldest store format that reads this commit's root in full: a store of an older format
    /// says this one before the root is written (``StoreFormat``).
    public var minimumFormat = 1

    public init(parent: ObjectID?, runID: String, time: Int64, inputs: [RunInput] = [],
                records: [StoreObject] = [], staged: StagedRecords? = nil, blobs: [String: [UInt8]] = [:], carriedBlobs: [String: ObjectID] = [:],
                counts: [String: Int64] = [:]) {
        self.parent = parent
        self.runID = runID
        self.time = time
        self.inputs = inputs
        self.records = records
        self.staged = staged
        self.blobs = blobs
        self.carriedBlobs = carriedBlobs
        self.counts = counts
    }
}
