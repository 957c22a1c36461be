import Foundation

/// The state a run starts from: the head root, the record index and the ledger it names.
public struct StoredState {
    public var head: ObjectID?
    public var root: StoreRoot?
    public var index: RecordIndex
    public var ledger: Ledger

    public static let indexBlob = "index"
    public static let ledgerBlob = "ledger"
    public static let reportBlob = "report"

    public static func load(from store: some StateStore) throws -> StoredState {
        guard let head = try store.head() else {
            return StoredState(head: nil, root: nil, index: RecordIndex(), ledger: Ledger())
        }
        let root = try store.readRoot(head)
        guard let indexID = root.blobs[indexBlob], let ledgerID = root.blobs[ledgerBlob] else {
            throw RunFailure(.internalError, "root \(head.short) names no index or ledger blob")
        }
        let decoder = JSONDecoder()
        let indexBytes = try store.read(indexID)
        let index = RecordIndexCodec.isBinary(indexBytes)
            ? try RecordIndexCodec.decode(indexBytes)
            : try decoder.decode(RecordIndex.self, from: Data(indexBytes))
        let ledgerBytes = try store.read(ledgerID)
        let ledger = LedgerCodec.isBinary(ledgerBytes)
            ? try LedgerCodec.decode(ledgerBytes)
            : try decoder.decode(Ledger.self, from: Data(ledgerBytes))
        return StoredState(head: head, root: root, index: index, ledger: ledger)
    }

    /// The index as a binary snapshot (``RecordIndexCodec``).
    static func encode(_ index: RecordIndex) throws -> [UInt8] {
        RecordIndexCodec.encode(index)
    }

    /// The ledger as a binary snapshot (``LedgerCodec``).
    static func encode(_ ledger: Ledger) throws -> [UInt8] {
        LedgerCodec.encode(ledger)
    }

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(value))
    }
}

/// Reads record objects from this run's pending objects first, then from the store.
struct ObjectReader {
    let pending: [ObjectID: [UInt8]]
    let store: any StateStore

    func json(_ hex: String) throws -> JSONValue {
        guard let id = ObjectID(hex: hex) else { throw RunFailure(.internalError, "index names an invalid object id") }
        let bytes = try pending[id] ?? store.read(id)
        do { return try JSONParser().parse(bytes) } catch {
            throw RunFailure(.internalError, "object \(id.short) is not canonical JSON: \(error.reason)")
        }
    }
}
