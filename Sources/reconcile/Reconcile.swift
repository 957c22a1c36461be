import ArgumentParser
import Foundation
import ReconcileKit

@main
struct Reconcile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Reconcile payment events, platform exports and bank reports into a booking ledger.",
        discussion: """
            With no subcommand, runs `reconcile run` on ./inbox, ./outbox and ./.reconcile.
            The state is a folder (SQLite) or a PostgreSQL URL: --state, else $RECONCILE_STATE.
            Exit codes: 0 committed and clean; 1 committed with quarantined files or failed events;
            64 usage error; 70 internal error; 73 cannot write outbox or state; 75 state locked.
            """,
        subcommands: [
            Run.self, Retry.self, Status.self, Log.self, Explain.self, Statements.self, Close.self, Verify.self,
            GC.self,
        ],
        defaultSubcommand: Run.self
    )

    static func main() {
        MallocArenas.limit(to: ProcessInfo.processInfo.activeProcessorCount)  // before any thread starts
        main(nil)
    }
}
