import ArgumentParser
import ReconcileKit

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Scan the inbox, apply new records, write reports and statements.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var options: RunOptions

    func run() throws {
        try perform(.run, store: store, options: options)
    }
}

struct Retry: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Re-attempt FAILED events (after a missing tenant export arrived, say), then run as usual.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var options: RunOptions

    func run() throws {
        try perform(.retry, store: store, options: options)
    }
}

func perform(_ mode: RunMode, store: StoreOptions, options: RunOptions) throws {
    let configuration = try options.configuration(store: store, mode: mode)
    let outcome: RunOutcome
    do {
        let io = configuration.faultPlan.map { FileIO.failing($0) } ?? .system
        outcome = try FileIO.$current.withValue(io) { () throws(RunFailure) -> RunOutcome in
            try Runner(configuration: configuration).run()
        }
    } catch let failure as RunFailure {
        Console.error(failure.description)
        throw ExitCode(failure.exitStatus.rawValue)
    }
    if store.json {
        Console.out(outcome.summaryJSON)
    } else if !store.quiet {
        Console.out(outcome.summaryText)
    }
    for warning in outcome.warnings { Console.error(warning) }
    throw ExitCode(outcome.exitStatus.rawValue)
}
