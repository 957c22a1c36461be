import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The write-side system calls of the file-system layer (``AtomicFile``, ``AtomicBatch``,
/// ``TemporaryFile``, the spill files): `write`, `fsync`, `syncfs` and `rename`. Each returns what
/// the system call returns and sets `errno` the same way. The default is the real calls; a test
/// binds a ``FaultPlan`` to make any one of them fail with EIO or ENOSPC and proves the run reports
/// it. (The state database does its own I/O; only a first run's move of it into place is here.)
///
/// The value in effect is task-local (``FileIO/current``), not a global: a test binds it with
/// `FileIO.$current.withValue(io) { … }` around the work, and parallel tests never see each
/// other's faults. A test build's run binds the plan of `RECONCILE_TEST_FAIL`.
struct FileIO: Sendable {
    var write: @Sendable (_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int
    var fsync: @Sendable (_ fd: Int32) -> Int32
    var rename: @Sendable (_ from: String, _ to: String) -> Int32
    /// Linux `syncfs`: writes back and flushes everything of the file system holding `fd`. Fails
    /// with ENOSYS where there is no such call; the caller then fsyncs file by file.
    var syncfs: @Sendable (_ fd: Int32) -> Int32

    init(
        write: @escaping @Sendable (Int32, UnsafeRawPointer, Int) -> Int,
        fsync: @escaping @Sendable (Int32) -> Int32,
        rename: @escaping @Sendable (String, String) -> Int32,
        syncfs: @escaping @Sendable (Int32) -> Int32 = { fd in systemSyncfs(fd) }
    ) {
        self.write = write
        self.fsync = fsync
        self.rename = rename
        self.syncfs = syncfs
    }

    /// The real system calls.
    static let system = FileIO(
        write: { fd, buffer, count in systemWrite(fd, buffer, count) },
        fsync: { fd in systemFsync(fd) },
        rename: { from, to in systemRename(from, to) },
        syncfs: { fd in systemSyncfs(fd) }
    )

    /// The calls in effect for the current task or thread.
    @TaskLocal static var current: FileIO = .system

    /// The real calls, except those the plan makes fail; `counter` sees every call. A `syncfs`
    /// counts (and fails) as an `fsync`: both are durability barriers.
    static func failing(_ plan: FaultPlan, counter: FaultCounter = FaultCounter()) -> FileIO {
        FileIO(
            write: { fd, buffer, count in
                if let code = counter.shouldFail(.write, plan) {
                    errno = code
                    return -1
                }
                return systemWrite(fd, buffer, count)
            },
            fsync: { fd in
                if let code = counter.shouldFail(.fsync, plan) {
                    errno = code
                    return -1
                }
                return systemFsync(fd)
            },
            rename: { from, to in
                if let code = counter.shouldFail(.rename, plan) {
                    errno = code
                    return -1
                }
                return systemRename(from, to)
            },
            syncfs: { fd in
                if let code = counter.shouldFail(.fsync, plan) {
                    errno = code
                    return -1
                }
                return systemSyncfs(fd)
            }
        )
    }
}

/// Which calls fail, e.g. `fsync:3:EIO` (the 3rd fsync fails with EIO) or `write:2+:ENOSPC` (the
/// 2nd write and every one after it: a full disk). Several rules are separated by commas.
package struct FaultPlan: Sendable, Equatable, CustomStringConvertible {
    enum Operation: String, Sendable, CaseIterable {
        case write, fsync, rename
    }

    struct Rule: Sendable, Equatable {
        var operation: Operation
        /// 1-based: the n-th call of that operation in the process.
        var nth: Int
        /// Also every later call.
        var andAfter: Bool
        var errno: Int32

        init(_ operation: Operation, nth: Int, andAfter: Bool = false, errno: Int32) {
            self.operation = operation
            self.nth = nth
            self.andAfter = andAfter
            self.errno = errno
        }
    }

    var rules: [Rule]

    init(_ rules: [Rule]) {
        self.rules = rules
    }

    static let errnoNames: [(String, Int32)] = [
        ("EIO", EIO), ("ENOSPC", ENOSPC), ("EROFS", EROFS), ("EDQUOT", EDQUOT), ("EACCES", EACCES),
    ]

    /// Parses `op:n[+]:ERRNO[,…]`; nil when malformed.
    init?(parsing text: String) {
        var rules: [Rule] = []
        for part in text.split(separator: ",") {
            let fields = part.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3, let operation = Operation(rawValue: fields[0]) else { return nil }
            let andAfter = fields[1].hasSuffix("+")
            guard let nth = Int(andAfter ? String(fields[1].dropLast()) : fields[1]), nth >= 1,
                let code = Self.errnoNames.first(where: { $0.0 == fields[2] })?.1
            else { return nil }
            rules.append(Rule(operation, nth: nth, andAfter: andAfter, errno: code))
        }
        guard !rules.isEmpty else { return nil }
        self.rules = rules
    }

    package var description: String {
        rules.map { rule in
            let name = Self.errnoNames.first { $0.1 == rule.errno }?.0 ?? "\(rule.errno)"
            return "\(rule.operation.rawValue):\(rule.nth)\(rule.andAfter ? "+" : ""):\(name)"
        }.joined(separator: ",")
    }

    /// The errno the `count`-th call of `operation` fails with, if any.
    func failure(of operation: Operation, count: Int) -> Int32? {
        for rule in rules where rule.operation == operation {
            if count == rule.nth || (rule.andAfter && count > rule.nth) { return rule.errno }
        }
        return nil
    }
}

/// Counts the calls of each operation (thread-safe), so a plan can pick the n-th one and a test can
/// learn how many calls a run makes.
final class FaultCounter: Sendable {
    private let counts = Mutex<[FaultPlan.Operation: Int]>([:])

    init() {}

    func count(_ operation: FaultPlan.Operation) -> Int {
        counts.withLock { $0[operation, default: 0] }
    }

    func shouldFail(_ operation: FaultPlan.Operation, _ plan: FaultPlan) -> Int32? {
        let n = counts.withLock { counts -> Int in
            counts[operation, default: 0] += 1
            return counts[operation]!
        }
        return plan.failure(of: operation, count: n)
    }
}

#if RECONCILE_TEST_HOOKS
    extension FaultPlan {
        /// Test builds make a chosen write, fsync or rename fail, from `RECONCILE_TEST_FAIL`.
        package static func fromEnvironment() throws(RunFailure) -> FaultPlan? {
            guard let raw = getenv("RECONCILE_TEST_FAIL") else { return nil }
            let text = String(cString: raw)
            guard let plan = FaultPlan(parsing: text) else {
                throw RunFailure(
                    .usage,
                    "RECONCILE_TEST_FAIL must look like fsync:3:EIO or write:2+:ENOSPC (operations write, fsync, rename; errors EIO, ENOSPC, EROFS, EDQUOT, EACCES)"
                )
            }
            return plan
        }
    }
#endif

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

private func systemFsync(_ fd: Int32) -> Int32 {
    fsync(fd)
}

/// `syncfs` is a GNU extension the Glibc module does not import; it is looked up at run time.
private let syncfsSymbol: (@convention(c) (Int32) -> Int32)? = {
    #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
    #else
        return nil
    #endif
}()

func systemSyncfs(_ fd: Int32) -> Int32 {
    guard let call = syncfsSymbol else {
        errno = ENOSYS
        return -1
    }
    return call(fd)
}

private func systemRename(_ from: String, _ to: String) -> Int32 {
    rename(from, to)
}
