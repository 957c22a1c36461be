import Synchronization

/// Reads each file's stored result (``StagedFile``) for the finisher's run, on a connection of
/// its own: the run's decoding threads ask for them while the run's connection is busy with the
/// night's transaction. One file at a time, in the order the run asks.
///
/// A result that cannot be used (the read failed, or the bytes are damaged) is not a lost file:
/// the run reads that file from the inbox itself, as a single process would, and ``notes`` says so.
final class StagedReader: Sendable {
    private let claims: Mutex<UncheckedNightClaims>
    private let scanOrder: [String: Int64]
    private let readAgain = Mutex<[RunNote]>([])

    init(conninfo: String, night: String, files: [InboxFile]) throws {
        claims = Mutex(
            UncheckedNightClaims(NightClaims(connection: try PostgreSQLConnection(conninfo: conninfo), night: night)))
        scanOrder = Dictionary(files.enumerated().map { ($1.relativePath, Int64($0)) }) { a, _ in a }
    }

    /// The file as a worker decoded it; nil when the run must read it itself.
    func result(for file: InboxFile) -> Ingestion.FileResult? {
        guard let order = scanOrder[file.relativePath] else { return nil }
        let bytes: [UInt8]?
        do { bytes = try claims.withLock { try $0.value.stagedResult(order) } } catch {
            return readFromInbox(file, "could not be read from the state database (\(error))")
        }
        guard let bytes else { return readFromInbox(file, "is missing") }
        guard let result = StagedFile.decode(bytes) else {
            return readFromInbox(file, "is damaged (its checksum or layout does not match)")
        }
        return result
    }

    /// One warning per file the run read from the inbox instead of its stored result, in the order met.
    var notes: [RunNote] { readAgain.withLock { $0 } }

    private func readFromInbox(_ file: InboxFile, _ problem: String) -> Ingestion.FileResult? {
        let note = RunNote(
            level: .warning,
            message: "the stored result of '\(file.relativePath)' \(problem): the finisher read the file from the inbox"
        )
        readAgain.withLock { $0.append(note) }
        return nil
    }
}

/// A connection's tables, used under a lock by one thread at a time.
final class UncheckedNightClaims: @unchecked Sendable {
    let value: NightClaims
    init(_ value: NightClaims) { self.value = value }
}
