extension StateDatabase {
    /// How many offending rows verify lists per check before it only counts the rest.
    static let verifyLimit = 200
    /// How many objects verify re-hashes at a time: its memory holds one batch.
    static let verifyObjectBatch = 1_000

    /// Checks the whole state (SPEC §7 `reconcile verify`) and returns every problem found, each
    /// named by table and key; empty means intact. In order: the engine's own check, every object
    /// re-hashed, every reference between rows, the ledger's invariants, every open month's
    /// statement totals against its lines, the run log's hash chain.
    /// Each check lists at most `limit` rows and then says how many more there are.
    ///
    /// Nothing is loaded whole: objects are read in batches by key range, the other checks are
    /// queries that return only offending rows. Each check is one statement and so reads one
    /// committed state; a run committing meanwhile only adds rows that name what it adds with them.
    /// `gc` must not run meanwhile (the command line holds the state's lock for it).
    func verify(limit: Int = StateDatabase.verifyLimit) throws -> [StateProblem] {
        precondition(limit > 0, "verify lists at least one row per check")
        var problems = try verifyEngine(limit: limit)
        problems += try verifyObjects(limit: limit)
        for check in (Self.objectReferences + Self.rowReferences).map({ $0.check(engine) }) + Self.ledgerChecks(engine)
        {
            problems += try check.run(on: connection, limit: limit)
        }
        problems += try verifyStatementTotals(limit: limit)
        problems += try verifyChain(limit: limit)
        return problems
    }

    /// Every object decompressed through ``ObjectTable/read(_:)`` and re-hashed, in key order, a
    /// batch at a time.
    func verifyObjects(limit: Int) throws -> [StateProblem] {
        let page = try connection.prepare(
            "SELECT sha256 FROM objects WHERE sha256 > ? ORDER BY sha256 LIMIT ?",
            name: "verify objects: next keys")
        var problems = ProblemList(limit: limit)
        var after: [UInt8] = []
        while true {
            let keys = try page.fetchAll([.blob(after), .integer(Int64(Self.verifyObjectBatch))]) {
                try $0.get(0, as: [UInt8].self)
            }
            guard let last = keys.last else { break }
            after = last
            var ids: [ObjectID] = []
            for key in keys {
                if key.count == 32 {
                    ids.append(ObjectID(rawDigest: key))
                } else {
                    problems.append(
                        StateProblem(
                            .damagedObject, table: "objects", key: StateCheck.text(.blob(key)),
                            "the key holds \(key.count) bytes, not a SHA-256"))
                }
            }
            for error in try damagedObjects(ids) { problems.append(StateProblem(error)) }
            if keys.count < Self.verifyObjectBatch { break }
        }
        return problems.all(kind: .damagedObject, table: "objects")
    }

    /// The read errors of the damaged objects among `ids`: one read of all, and only when it fails
    /// one read each, to name every damaged one.
    private func damagedObjects(_ ids: [ObjectID]) throws -> [StateError] {
        do {
            _ = try objects.read(ids)
            return []
        } catch is StateError {
            var errors: [StateError] = []
            for id in ids {
                do { _ = try objects.read(id) } catch let error as StateError { errors.append(error) }
            }
            return errors
        }
    }

    /// The run log from the head back to the first run: each root is the hash of its parent root,
    /// manifest and changes digest (``RunRecord/rootHolds``), each parent is stored, and every run
    /// is on that chain. A broken root does not stop the walk; a missing parent does.
    func verifyChain(limit: Int) throws -> [StateProblem] {
        var problems: [StateProblem] = []
        var onChain = Set<String>()
        var roots = Set<ObjectID>()
        var next: RunRecord?
        do { next = try runs.head() } catch let error as StateError { problems.append(StateProblem(error)) }
        while let run = next {
            guard roots.insert(run.root).inserted else {
                problems.append(
                    StateProblem(
                        .brokenChain, table: "runs", key: run.runID, "the chain comes back to root \(run.root.short)"))
                break
            }
            onChain.insert(run.runID)
            if !run.rootHolds {
                problems.append(
                    StateProblem(
                        .brokenChain, table: "runs", key: run.runID,
                        "the root \(run.root.short) is not the hash of its parent root, manifest and changes digest"))
            }
            guard let parent = run.parent else { break }
            do { next = try runs.run(root: parent) } catch let error as StateError {
                problems.append(StateProblem(error))
                break
            }
            if next == nil {
                problems.append(
                    StateProblem(
                        .brokenChain, table: "runs", key: run.runID, "the parent root \(parent.short) is not stored"))
            }
        }
        var offChain = ProblemList(limit: limit)
        try connection.prepare("SELECT run_id FROM runs ORDER BY run_id", name: "verify runs: every run").query([]) {
            row in
            let runID: String = try row.get(0)
            if !onChain.contains(runID) {
                offChain.append(
                    StateProblem(.brokenChain, table: "runs", key: runID, "the chain from the head does not reach it"))
            }
        }
        if onChain.isEmpty, offChain.count > 0 {
            problems.append(
                StateProblem(
                    .brokenChain, table: "head", key: "1",
                    "no head names a stored run, but \(offChain.count) runs are stored"))
        }
        return problems + offChain.all(kind: .brokenChain, table: "runs")
    }
}

/// Problems of one kind, the first `limit` kept and the rest counted.
struct ProblemList {
    let limit: Int
    private var kept: [StateProblem] = []
    private(set) var count = 0

    init(limit: Int) { self.limit = limit }

    mutating func append(_ problem: StateProblem) {
        count += 1
        if kept.count < limit { kept.append(problem) }
    }

    /// The problems kept, and one with key `*` counting the others.
    func all(kind: StateProblem.Kind, table: String) -> [StateProblem] {
        count > kept.count ? kept + [.more(count - kept.count, kind: kind, table: table)] : kept
    }
}
