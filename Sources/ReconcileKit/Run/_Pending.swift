// TEMPORARY until helpers' branches merge: deleted then.
final class PendingClosed { func load() throws -> ClosedMonths { ClosedMonths() }; func close(month: String, closing: ClosedMonths.Closing) throws {} }
final class PendingRevisions { func loadAll() throws -> StatementRevisions { StatementRevisions() } }
final class PendingRejections { func load() throws -> RejectedLog { RejectedLog() } }
struct PendingGC { var removedObjects = 0 }
extension StateDatabase {
    var closedMonths: PendingClosed { PendingClosed() }
    var statementRevisions: PendingRevisions { PendingRevisions() }
    var rejections: PendingRejections { PendingRejections() }
    func verify() throws -> [String] { [] }
    func gc() throws -> PendingGC { PendingGC() }
}
