#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension OutboxWriter {
    /// Writes statements alone (`reconcile statements`), stamped with `stamp`, and the `index.html`
    /// and `summary.csv` of their months; returns the paths of the files, relative to the outbox.
    /// `statements` must hold every statement of the months concerned (the index lists them all);
    /// with `tenant`, only that tenant's statement files are written, the month files still list
    /// every tenant. A statement whose tenant id or month cannot be a name in the outbox is left
    /// out (see ``sortOut(_:)``) and returned in `skipped`.
    func write(
        statements: [CommissionStatement], stamp: CommissionStatement.GenerationStamp,
        tenant: TenantID? = nil
    ) throws(OutboxError) -> (files: [OutboxWriteResult.Entry], skipped: [SkippedStatement]) {
        let (statements, skipped) = try Self.sortOut(statements)
        let ordered = statements.sorted { ($0.month, $0.tenantID) < ($1.month, $1.tenantID) }
        var entries: [OutboxWriteResult.Entry] = []
        var batch = AtomicBatch()
        do throws(FileSystemError) {
            let chosen = tenant.map { t in ordered.filter { $0.tenantID == t } } ?? ordered
            entries += try stageStatements(chosen, scope: .all, stamp: stamp, in: &batch)
            entries += try stageMonthFiles(MonthIndex.all(ordered), in: &batch)
            try batch.commit()
        } catch {
            batch.discard()
            throw .file(error)
        }
        return (entries, skipped)
    }

    /// Proves the outbox can be written before a run commits: creates its folders and writes and
    /// removes a probe file. A read-only or full outbox then fails the run with the state untouched.
    func checkWritable() throws(FileSystemError) {
        try AtomicFile.createDirectories(root + "/runs")
        let probe = root + "/runs/.reconcile-probe-\(getpid())"
        try AtomicFile.write(Array("probe\n".utf8), to: probe)
        unlink(probe)
    }
}
