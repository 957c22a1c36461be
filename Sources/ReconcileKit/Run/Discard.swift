import Dispatch

/// Lets go of a value on another thread. Freeing the run's records, index and ledger — millions of
/// small objects at a million events — takes seconds that the outbox need not wait for.
enum Discard {
    static func onAnotherThread<T>(_ value: consuming T) {
        let handoff = Handoff(value)
        DispatchQueue.global(qos: .utility).async { _ = handoff.take() }
    }
}
