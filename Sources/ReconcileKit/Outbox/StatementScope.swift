import Glibc

/// One tenant's statement for one month; ordered by month, then tenant (the outbox's order).
struct StatementID: Hashable, Comparable, Sendable {
    let tenant: TenantID
    let month: String

    init(tenant: TenantID, month: String) {
        self.tenant = tenant
        self.month = month
    }

    static func < (a: StatementID, b: StatementID) -> Bool { (a.month, a.tenant) < (b.month, b.tenant) }
}

/// Which statements a run must compare with the outbox: a night that touched a few
/// tenants does not re-render and re-read every statement ever written.
enum StatementScope: Sendable, Equatable {
    /// Every statement: each is rendered and compared with its files.
    case all
    /// Only these; every other statement is known to equal what the outbox already holds, because
    /// the outbox's `runs/latest` names the run that committed the state this run started from.
    case only(Set<StatementID>)

    func includes(_ statement: CommissionStatement) -> Bool {
        switch self {
        case .all: true
        case .only(let ids): ids.contains(StatementID(tenant: statement.tenantID, month: statement.month))
        }
    }
}

extension OutboxWriter {
    /// The run id `runs/latest` names, or nil when there is none (or it is not a symlink).
    func latestRunID() -> String? {
        var buffer = [CChar](repeating: 0, count: 1024)
        let n = readlink(absolute("runs/latest"), &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
