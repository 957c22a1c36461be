import Synchronization

/// Reads each file's stored result (``StagedFile``) for the finisher's run, on a connection of
/// its own: the run's decoding threads ask for them while the run's connection is busy with the
/// night's transaction. One file at a time, in the order the run asks.
final class StagedReader: Sendable {
    private let claims: Mutex<UncheckedNightClaims>
    private let scanOrder: [String: Int64]

    init(conninfo: String, night: String, files: [InboxFile]) throws {
        claims = Mutex(
            UncheckedNightClaims(NightClaims(connection: try PostgreSQLConnection(conninfo: conninfo), night: night)))
        scanOrder = Dictionary(files.enumerated().map { ($1.relativePath, Int64($0)) }) { a, _ in a }
    }

    /// The file as a worker decoded it; nil when none did (the run reads it itself).
    func result(for file: InboxFile) -> Ingestion.FileResult? {
        guard let order = scanOrder[file.relativePath] else { return nil }
        let bytes = claims.withLock { try? $0.value.stagedResult(order) } ?? nil
        return bytes.flatMap(StagedFile.decode)
    }
}

/// A connection's tables, used under a lock by one thread at a time.
final class UncheckedNightClaims: @unchecked Sendable {
    let value: NightClaims
    init(_ value: NightClaims) { self.value = value }
}
