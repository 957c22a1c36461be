import Dispatch
import Synchronization

/// Runs `body` over `items` on up to `jobs` threads and hands each result to `consume` on the
/// calling thread in item order, as soon as it and every earlier one are ready. At most `window`
/// results are computed and not yet consumed, so a run holds a bounded number of decoded files
/// however many the inbox has. The outcome equals a serial `map`; only the timing differs.
///
/// Items are taken strictly in order, so the oldest unconsumed item is always taken or takeable:
/// the consumer can always make progress (no deadlock whatever `window` ≥ 1 is).
enum OrderedPipeline {
    static func run<T: Sendable, R: Sendable>(
        _ items: [T], jobs: Int, window: Int, _ body: @escaping @Sendable (T) -> R,
        consume: (Int, R) -> Void
    ) {
        if jobs <= 1 || items.count <= 1 {
            for (i, item) in items.enumerated() { consume(i, body(item)) }
            return
        }
        let slots = Slots<R>(count: items.count)
        let credits = DispatchSemaphore(value: max(1, window))
        let group = DispatchGroup()
        for _ in 0..<min(jobs, items.count) {
            DispatchQueue.global().async(group: group) {
                while true {
                    credits.wait()
                    guard let i = slots.takeNextIndex() else {
                        credits.signal()
                        return
                    }
                    slots.put(i, body(items[i]))
                }
            }
        }
        for i in items.indices {
            consume(i, slots.take(i))
            credits.signal()
        }
        group.wait()
    }

    /// Collects every result, in item order.
    static func map<T: Sendable, R: Sendable>(_ items: [T], jobs: Int, _ body: @escaping @Sendable (T) -> R) -> [R] {
        var results: [R] = []
        results.reserveCapacity(items.count)
        run(items, jobs: jobs, window: items.count) {
            body($0)
        } consume: { _, r in
            results.append(r)
        }
        return results
    }

    /// One slot per item, each written once by a worker and emptied once by the consumer; the
    /// semaphore of a slot orders the two.
    private final class Slots<R: Sendable>: @unchecked Sendable {
        private let storage: UnsafeMutableBufferPointer<R?>
        private let ready: [DispatchSemaphore]
        private let next = Mutex(0)

        init(count: Int) {
            storage = .allocate(capacity: count)
            storage.initialize(repeating: nil)
            ready = (0..<count).map { _ in DispatchSemaphore(value: 0) }
        }

        deinit {
            storage.deinitialize()
            storage.deallocate()
        }

        func takeNextIndex() -> Int? {
            next.withLock { n in
                guard n < storage.count else { return nil }
                defer { n += 1 }
                return n
            }
        }

        func put(_ i: Int, _ value: R) {
            storage[i] = value
            ready[i].signal()
        }

        func take(_ i: Int) -> R {
            ready[i].wait()
            defer { storage[i] = nil }
            return storage[i]!
        }
    }
}
