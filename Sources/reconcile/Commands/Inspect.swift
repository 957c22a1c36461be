import ArgumentParser
import ReconcileKit

/// Runs a read-only or maintenance command and maps its failure to SPEC §8's exit codes.
func inspect(_ store: StoreOptions, _ body: (Inspector) throws -> InspectionOutput) throws {
    let output: InspectionOutput
    do {
        output = try body(Inspector(state: store.state, waitForLock: store.wait))
    } catch let failure as RunFailure {
        Console.error(failure.description)
        throw ExitCode(failure.exitStatus.rawValue)
    }
    if store.json {
        Console.out(output.json)
    } else if !store.quiet || output.exitStatus != .clean {
        Console.out(output.text)
    }
    if output.exitStatus != .clean { throw ExitCode(output.exitStatus.rawValue) }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the store's head, record counts and FAILED events.")
    @OptionGroup var store: StoreOptions
    func run() throws { try inspect(store) { try $0.status() } }
}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List runs newest first: time, inputs, counts, root id.")
    @OptionGroup var store: StoreOptions
    @Option(help: "Show at most this many runs.") var limit: Int?
    func run() throws { try inspect(store) { try $0.log(limit: limit) } }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show every sighting of a record: files, objectIDs, outcome, status history.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The tenant id (`_global` for events without one).") var tenantId: String
    @Argument(help: "The record id (event, booking, tenant or bank entry id).") var id: String
    func run() throws { try inspect(store) { try $0.explain(tenant: TenantID(tenantId), id: id) } }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Re-hash every object, check every reference, the run chain and the ledger's invariants, and the engine's own integrity check; exit 1 on any problem."
    )
    @OptionGroup var store: StoreOptions
    func run() throws { try inspect(store) { try $0.verify() } }
}

struct GC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract:
            "Remove the objects no record, version, conflict, sighting or rejection names, then compact the database.")
    @OptionGroup var store: StoreOptions
    func run() throws { try inspect(store) { try $0.gc() } }
}

struct Statements: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Regenerate one month's statements from the store alone.")
    @OptionGroup var store: StoreOptions
    @Option(help: "The month, YYYY-MM.") var month: String
    @Option(help: "Only this tenant.") var tenant: String?
    @Option(help: "The outbox folder.") var outbox: String = "./outbox"
    @Option(help: "The generation time shown on statements, RFC 3339 (default: now).") var asOf: String?

    func validate() throws { try validateMonth(month) }

    func run() throws {
        let asOfSeconds = try parseAsOf(asOf, now: Clock.now())
        try inspect(store) {
            try $0.statements(month: month, tenant: tenant.map(TenantID.init), outbox: outbox, asOf: asOfSeconds)
        }
    }
}

struct Close: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Close a month: its statements never change again; late lines become prior-period adjustments.")
    @OptionGroup var store: StoreOptions
    @Option(help: "The month, YYYY-MM.") var month: String
    @Option(help: "The time recorded for the closing, RFC 3339 (default: now).") var asOf: String?

    func validate() throws { try validateMonth(month) }

    func run() throws {
        let asOfSeconds = try parseAsOf(asOf, now: Clock.now())
        try inspect(store) { try $0.close(month: month, asOf: asOfSeconds) }
    }
}
