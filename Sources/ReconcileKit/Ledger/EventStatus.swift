/// The webhook-table status of an event (SPEC §4): `PENDING → PROCESSED`, `PENDING → FAILED`,
/// `FAILED → PENDING` on `reconcile retry`. Event types the ledger does not act on end `IGNORED`.
enum EventStatus: String, Sendable, Codable, CaseIterable {
    case pending = "PENDING"
    case processed = "PROCESSED"
    case failed = "FAILED"
    case ignored = "IGNORED"

    /// Whether the machine allows `self → next`.
    func canMove(to next: EventStatus) -> Bool {
        switch (self, next) {
        case (.pending, .processed), (.pending, .failed), (.pending, .ignored), (.failed, .pending): true
        default: false
        }
    }
}

/// One status change of an event, with the run that made it.
struct EventTransition: Equatable, Sendable, Codable {
    /// `nil` for the first sighting.
    let from: EventStatus?
    let to: EventStatus
    let runID: String
    /// The failure text when `to` is `FAILED`.
    let error: String?

    init(from: EventStatus?, to: EventStatus, runID: String, error: String? = nil) {
        self.from = from
        self.to = to
        self.runID = runID
        self.error = error
    }
}

/// What the ledger knows about one event id: status, last error, attempts and history.
struct EventState: Equatable, Sendable {
    let eventID: String
    let type: String
    let tenantID: TenantID
    let created: Int64
    private(set) var status: EventStatus
    private(set) var lastError: String?
    /// Processing attempts: 1 after the first apply, + 1 per retry.
    private(set) var attempts: Int
    private(set) var history: [EventTransition]

    /// A newly seen event, `PENDING` in `runID`, one attempt under way.
    init(event: borrowing ProviderEvent, runID: String) {
        eventID = event.id
        type = event.type
        tenantID = event.tenantID
        created = event.created
        status = .pending
        lastError = nil
        attempts = 1
        // Room for the move the apply makes next: one allocation per event, not two.
        var history: [EventTransition] = []
        history.reserveCapacity(2)
        history.append(EventTransition(from: nil, to: .pending, runID: runID))
        self.history = history
    }

    init(
        eventID: String, type: String, tenantID: TenantID, created: Int64, status: EventStatus, lastError: String?,
        attempts: Int, history: [EventTransition]
    ) {
        self.eventID = eventID
        self.type = type
        self.tenantID = tenantID
        self.created = created
        self.status = status
        self.lastError = lastError
        self.attempts = attempts
        self.history = history
    }

    /// Moves along the state machine; an illegal move is a ledger bug.
    mutating func move(to next: EventStatus, runID: String, error: String? = nil) {
        precondition(
            status.canMove(to: next), "event \(eventID): illegal status change \(status.rawValue) → \(next.rawValue)")
        history.append(EventTransition(from: status, to: next, runID: runID, error: error))
        status = next
        if next == .failed { lastError = error }
        if next == .processed { lastError = nil }
        if next == .pending { attempts += 1 }
    }
}

extension EventState: Codable {
    enum CodingKeys: String, CodingKey {
        case eventId, type, tenantId, created, status, lastError, attempts, history
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            eventID: try c.decode(String.self, forKey: .eventId),
            type: try c.decode(String.self, forKey: .type),
            tenantID: TenantID(try c.decode(String.self, forKey: .tenantId)),
            created: try c.decode(Int64.self, forKey: .created),
            status: try c.decode(EventStatus.self, forKey: .status),
            lastError: try c.decodeIfPresent(String.self, forKey: .lastError),
            attempts: try c.decode(Int.self, forKey: .attempts),
            history: try c.decode([EventTransition].self, forKey: .history)
        )
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(eventID, forKey: .eventId)
        try c.encode(type, forKey: .type)
        try c.encode(tenantID.rawValue, forKey: .tenantId)
        try c.encode(created, forKey: .created)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(lastError, forKey: .lastError)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(history, forKey: .history)
    }
}
