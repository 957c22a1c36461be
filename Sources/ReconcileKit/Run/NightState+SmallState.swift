/// The state beside the index and the ledger that a run reads whole and writes back: rejected
/// records and closed months.
struct SmallState {
    var rejected = RejectedLog()
    var closedMonths = ClosedMonths()
}

extension NightState {
    func smallState() throws -> SmallState {
        SmallState(rejected: try db.rejections.load(), closedMonths: try db.closedMonths.load())
    }

    /// Writes what changed since `loaded`: new rejections and replacements. (The open items are
    /// written by ``NightReconciliation``, the statement revisions as the statements are built.)
    func writeSmallState(_ state: SmallState, since loaded: SmallState) throws {
        try db.rejections.save(state.rejected, since: loaded.rejected)
    }
}
