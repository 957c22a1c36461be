extension OutboxWriter {
    /// A statement's three files as this run would leave them, decided off the calling thread:
    /// either all three stay as they are, or the bytes of each, with whether the file already
    /// holds them.
    struct RenderedStatement: Sendable {
        let paths: [String]
        /// nil when the statement is out of scope or its files already hold this content.
        let files: [(bytes: [UInt8], unchanged: Bool)]?
    }

    /// Stages the files of `ordered` that `scope` names and lists the others as unchanged, in
    /// the order of `ordered`. Statements are read and rendered on up to ``jobs`` threads; the
    /// temporary files are written on the calling thread, in order, so the outcome and every
    /// file-system call (and so every injected fault) are the same for any `jobs`.
    func stageStatements(
        _ ordered: [CommissionStatement], scope: StatementScope, stamp: CommissionStatement.GenerationStamp,
        in batch: inout AtomicBatch
    ) throws(FileSystemError) -> [OutboxWriteResult.Entry] {
        var entries: [OutboxWriteResult.Entry] = []
        var failure: FileSystemError?
        OrderedPipeline.run(ordered, jobs: jobs, window: 4 * jobs) { [self] statement in
            guard scope.includes(statement) else {
                return RenderedStatement(paths: Self.paths(of: statement), files: nil)
            }
            return render(statement, stamp: stamp)
        } consume: { _, rendered in
            guard failure == nil else { return }
            do throws(FileSystemError) {
                entries += try stage(rendered, in: &batch)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return entries
    }

    /// Renders one statement's files; when the existing JSON carries a stamp and rendering with
    /// that stamp reproduces all three files, they are left alone (see ``OutboxWriter``). The CSV
    /// carries no stamp, so when it differs the content changed and nothing is rendered twice.
    func render(_ statement: CommissionStatement, stamp: CommissionStatement.GenerationStamp) -> RenderedStatement {
        let paths = Self.paths(of: statement)
        let existing = paths.map { (try? readWholeFileIfExists(absolute($0))) ?? nil }
        let csv = statement.renderCSV()
        if csv == existing[0], let oldJSON = existing[2],
            let oldStamp = CommissionStatement.GenerationStamp(statementJSON: oldJSON),
            statement.renderHTML(stamp: oldStamp) == existing[1], statement.renderJSON(stamp: oldStamp) == oldJSON
        {
            return RenderedStatement(paths: paths, files: nil)
        }
        let rendered = [csv, statement.renderHTML(stamp: stamp), statement.renderJSON(stamp: stamp)]
        let files = rendered.enumerated().map { i, bytes in (bytes: bytes, unchanged: existing[i] == bytes) }
        return RenderedStatement(paths: paths, files: files)
    }

    /// Stages the files of a rendered statement that changed.
    func stage(_ rendered: RenderedStatement, in batch: inout AtomicBatch) throws(FileSystemError) -> [OutboxWriteResult
        .Entry]
    {
        guard let files = rendered.files else { return rendered.paths.map { .init(path: $0, outcome: .unchanged) } }
        var entries: [OutboxWriteResult.Entry] = []
        for (path, file) in zip(rendered.paths, files) {
            if !file.unchanged { try batch.stage(file.bytes, to: absolute(path)) }
            entries.append(.init(path: path, outcome: file.unchanged ? .unchanged : .written))
        }
        return entries
    }
}
