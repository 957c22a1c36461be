import Foundation

/// A value one thread sets once and another waits for: the commit thread waits for what the
/// run computes after reconciling (the open items), while the snapshots encode beside it.
final class Promise<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: T?

    init() {}

    func fulfill(_ v: T) {
        condition.lock()
        value = v
        condition.broadcast()
        condition.unlock()
    }

    func wait() -> T {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
    }
}
