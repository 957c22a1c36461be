import ArgumentParser
import ReconcileKit

@main
struct Reconcile: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reconcile", abstract: "Nightly batch reconciler")
    func run() throws {}
}
