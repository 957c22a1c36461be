extension StateDatabase {
    /// Every column that names an object (`REFERENCES objects (sha256)` in ``StateSchema``), with
    /// the key of its table's rows. ``gc()`` keeps every object one of them names and ``verify(limit:)``
    /// checks that each names a stored one: a migration that adds such a column adds its line here
    /// (a test compares this list with the schema).
    static let objectReferences: [StateReference] = [
        .object("records", key: ["tenant_id", "kind", "id"]),
        .object("record_versions", key: ["tenant_id", "kind", "id", "exported_at", "object"]),
        .object("record_conflicts", key: ["tenant_id", "kind", "id", "step"]),
        .object("sightings", key: ["tenant_id", "kind", "id", "step"]),
        .object("rejections", key: ["step"]),
        .object("rejections", "replaced_by_object", key: ["step"]),
        .object("platform_bookings", key: ["tenant_id", "id"]),
    ]

    /// Every other reference between rows. Most are foreign keys the engine enforces too (some only
    /// at commit); verify checks them anyway, as a damaged or hand-edited database need not have
    /// kept them. Runs' parents are the chain's (``verifyChain(limit:)``).
    static let rowReferences: [StateReference] = {
        let record = ["tenant_id", "kind", "id"]
        func run(_ table: String, _ column: String, key: [String]) -> StateReference {
            StateReference(table: table, key: key, columns: [column], target: "runs", targetColumns: ["run_id"])
        }
        return [
            StateReference(
                table: "head", key: ["singleton"], columns: ["root"], target: "runs", targetColumns: ["root"]),
            run("files", "run_id", key: ["sha256"]),
            StateReference(
                table: "file_stamps", key: ["path"], columns: ["file"], target: "files", targetColumns: ["sha256"]),
            run("records", "first_run", key: record),
            StateReference(
                table: "record_versions", key: record + ["exported_at", "object"], columns: record, target: "records",
                targetColumns: record),
            StateReference(
                table: "record_conflicts", key: record + ["step"], columns: record, target: "records",
                targetColumns: record),
            StateReference(
                table: "sightings", key: record + ["step"], columns: record, target: "records", targetColumns: record),
            StateReference(
                table: "sightings", key: record + ["step"], columns: ["file"], target: "files",
                targetColumns: ["sha256"]),
            run("sightings", "run_id", key: record + ["step"]),
            // Every event state is backed by the index entry of its own (tenant, id) (Ledger+Audit).
            StateReference(
                table: "events", key: ["tenant_id", "id"], columns: ["tenant_id", "id"], target: "records",
                targetColumns: ["tenant_id", "id"], targetCondition: "t.kind = 'event'"),
            StateReference(
                table: "event_history", key: ["tenant_id", "event_id", "step"], columns: ["tenant_id", "event_id"],
                target: "events", targetColumns: ["tenant_id", "id"]),
            run("event_history", "run_id", key: ["tenant_id", "event_id", "step"]),
            StateReference(
                table: "bookings", key: ["tenant_id", "id"], columns: ["tenant_id", "event_id"], target: "events",
                targetColumns: ["tenant_id", "id"]),
            StateReference(
                table: "ledger_lines", key: ["tenant_id", "sequence"], columns: ["tenant_id", "booking_id"],
                target: "bookings",
                targetColumns: ["tenant_id", "id"]),
            run("closed_months", "run_id", key: ["month"]),
            run("rejections", "run_id", key: ["step"]),
            run("rejections", "replaced_by_run", key: ["step"]),
            StateReference(
                table: "rejections", key: ["step"], columns: ["file"], target: "files", targetColumns: ["sha256"]),
        ] + ["first_seen_run", "resolved_run"].map { run("open_items", $0, key: ["tenant_id", "kind", "refs"]) }
    }()
}

extension StateReference {
    /// A column naming an object by its SHA-256.
    static func object(_ table: String, _ column: String = "object", key: [String]) -> StateReference {
        StateReference(table: table, key: key, columns: [column], target: "objects", targetColumns: ["sha256"])
    }
}
