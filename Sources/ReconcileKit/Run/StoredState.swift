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
        let index = try decoder.decode(RecordIndex.self, from: Data(try store.read(indexID)))
        let ledger = try decoder.decode(Ledger.self, from: Data(try store.read(ledgerID)))
        return StoredState(head: head, root: root, index: index, ledger: ledger)
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
