/// A value handed to another thread, which takes it out: after ``take()`` nobody else holds it, so
/// the taker can let go of it piece by piece.
final class Handoff<T>: @unchecked Sendable {
    private var value: T?

    init(_ value: consuming T) { self.value = value }

    func take() -> T {
        guard let taken = value.take() else { preconditionFailure("a handoff is taken once") }
        return taken
    }
}
