/// The state's schema (SPEC §7) as numbered migrations, one text for both engines.
///
/// Every key on tenant data starts with `tenant_id`. Hashes (objects, files, roots) are 32 raw
/// bytes. Dates are `YYYY-MM-DD` text, months `YYYY-MM`, times Unix seconds, amounts integer
/// cents. References to a run are deferred to the commit, because a run's row is written in its
/// final transaction, after the rows that name it. Never edit a migration that has shipped: add one.
/// Where the store keeps an order the keys do not give (sightings, conflicts, event history), a
/// `step` column numbers the rows of one key from 1.
enum StateSchema {
    static let migrator = Migrator([
        Migration(version: 1, name: "state tables", sql: tables),
        Migration(version: 2, name: "views for people", sql: views),
        Migration(version: 3, name: "run state tables", sql: runStateTables),
        Migration(version: 4, name: "ledger lines by booking", sql: linesByBooking),
        Migration(version: 5, name: "incremental reconciliation", sql: incrementalReconciliation),
        Migration(version: 6, name: "tenant records", sql: tenantRecords),
        Migration(version: 7, name: "file stamps", sql: fileStamps),
        Migration(version: 8, name: "open items by bank entry", sql: openItemsByBankEntry),
        Migration(version: 9, name: "worker claims", sql: workerClaims),
    ])

    /// SPEC §9: the nights that several `reconcile run --worker` processes share (``NightWorker``),
    /// each night's inbox listing with one claim per file, and the workers that joined. They hold
    /// no tenant data: plain keys, no `tenant_id` (Citus allows `FOR UPDATE` on single-shard
    /// queries only, so they stay local tables). Times ending in `_ms` are the database's clock in
    /// milliseconds since the epoch; a claim's `token` is its fencing token, raised by every claim.
    static let workerClaims = """
        CREATE TABLE worker_nights (
            night TEXT NOT NULL PRIMARY KEY,
            created_ms {INT} NOT NULL,
            as_of {INT} NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('run', 'retry')),
            settle_seconds {INT} NOT NULL,
            settlement_days {INT} NOT NULL,
            scanned_at {INT} NOT NULL,
            scan_skips {BLOB} NOT NULL,
            phase TEXT NOT NULL CHECK (phase IN ('decoding', 'finishing', 'committed')),
            finish_token {INT} NOT NULL DEFAULT 0,
            finisher TEXT,
            finish_lease_ms {INT},
            run_id TEXT,
            exit_code {INT}
        ) {STRICT_WITHOUT_ROWID};

        CREATE TABLE worker_files (
            night TEXT NOT NULL REFERENCES worker_nights (night) ON DELETE CASCADE,
            scan_order {INT} NOT NULL,
            path TEXT NOT NULL,
            read_path TEXT NOT NULL,
            size {INT} NOT NULL,
            modified_ns {INT} NOT NULL,
            changed_ns {INT} NOT NULL,
            inode {INT} NOT NULL,
            device {INT} NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'claimed', 'done')),
            token {INT} NOT NULL DEFAULT 0,
            worker TEXT,
            lease_ms {INT},
            result {BLOB},
            PRIMARY KEY (night, scan_order)
        ) {STRICT_WITHOUT_ROWID};

        CREATE TABLE workers (
            night TEXT NOT NULL REFERENCES worker_nights (night) ON DELETE CASCADE,
            worker TEXT NOT NULL,
            joined_ms {INT} NOT NULL,
            seen_ms {INT} NOT NULL,
            role TEXT NOT NULL,
            files_decoded {INT} NOT NULL DEFAULT 0,
            bytes_decoded {INT} NOT NULL DEFAULT 0,
            PRIMARY KEY (night, worker)
        ) {STRICT_WITHOUT_ROWID};
        """

    /// Most open items name no bank entry. Indexed with them, the NULLs were one key of ~all the
    /// rows, so the planner's statistics said a bank entry finds ~1,000 items and a night looked
    /// each one up by reading every open item for no row.
    static let openItemsByBankEntry = """
        DROP INDEX open_items_by_bank_entry;
        CREATE INDEX open_items_by_bank_entry ON open_items (bank_entry_id) WHERE resolved_run IS NULL AND bank_entry_id IS NOT NULL;
        """

    /// SPEC §2's pre-check: what `stat` said of each inbox path when its bytes were hashed. A night
    /// reads only the files whose stamp changed, not the whole inbox. The
    /// stamps are a cache: no root or report depends on them.
    static let fileStamps = """
        CREATE TABLE file_stamps (
            path TEXT NOT NULL PRIMARY KEY,
            size {INT} NOT NULL,
            modified_ns {INT} NOT NULL,
            changed_ns {INT} NOT NULL,
            inode {INT} NOT NULL,
            device {INT} NOT NULL,
            file {BLOB} NOT NULL REFERENCES files (sha256)
        ) {STRICT_WITHOUT_ROWID};
        """

    /// Every night starts from the tenants (a few thousand): found by this index, not by a scan of
    /// every record.
    static let tenantRecords = """
        CREATE INDEX records_tenants ON records (tenant_id, id) WHERE kind = 'tenant';
        """

    /// What a night's reconciliation looks up by key: the platform bookings in force
    /// by each key they match the ledger on, every id a bank reference may name, the tokens of the
    /// bank's references, each reconciled booking's match and settlement, and the open items as
    /// whole report rows, found by what they name.
    static let incrementalReconciliation = """
        -- The platform booking in force (latest export version) of each (tenant, id), by the keys
        -- SPEC §6 matches it on: checkout session, payment intent, (tenant, date).
        CREATE TABLE platform_bookings (
            tenant_id TEXT NOT NULL,
            id TEXT NOT NULL,
            checkout_session_id TEXT,
            payment_intent_id TEXT,
            date TEXT NOT NULL,
            object {BLOB} NOT NULL REFERENCES objects (sha256),
            PRIMARY KEY (tenant_id, id)
        ) {STRICT_WITHOUT_ROWID};
        CREATE INDEX platform_bookings_by_session ON platform_bookings (tenant_id, checkout_session_id);
        CREATE INDEX platform_bookings_by_payment_intent ON platform_bookings (tenant_id, payment_intent_id);
        CREATE INDEX platform_bookings_by_date ON platform_bookings (tenant_id, date);

        -- Every id a bank reference may name (checkout session, payment intent, platform booking id,
        -- confirmation code), upper-cased as references are compared, to the booking holding it.
        CREATE TABLE booking_identifiers (
            tenant_id TEXT NOT NULL,
            identifier TEXT NOT NULL,
            side TEXT NOT NULL CHECK (side IN ('ledger', 'platform')),
            id TEXT NOT NULL,
            PRIMARY KEY (tenant_id, identifier, side, id)
        ) {STRICT_WITHOUT_ROWID};

        -- The upper-cased tokens of each bank entry's references, to the entry, under the tenant it
        -- is stored with (`_global` when no tenant owned its account then: a booking's credits are
        -- looked for under its tenant and `_global`).
        CREATE TABLE bank_reference_tokens (
            tenant_id TEXT NOT NULL,
            token TEXT NOT NULL,
            id TEXT NOT NULL,
            PRIMARY KEY (tenant_id, token, id)
        ) {STRICT_WITHOUT_ROWID};

        -- Each booking as reconciliation last saw it: its ledger and platform sides ('' when absent),
        -- the rule that paired them, and whether bank credits settle it.
        CREATE TABLE reconciled_bookings (
            tenant_id TEXT NOT NULL,
            ledger_booking_id TEXT NOT NULL,
            platform_booking_id TEXT NOT NULL,
            rule TEXT CHECK (rule IN ('checkout_session', 'payment_intent', 'tenant_date')),
            settled {INT} NOT NULL CHECK (settled IN (0, 1)),
            PRIMARY KEY (tenant_id, ledger_booking_id, platform_booking_id)
        ) {STRICT_WITHOUT_ROWID};
        CREATE INDEX reconciled_bookings_by_platform ON reconciled_bookings (tenant_id, platform_booking_id);

        -- The last reconciliation: its time and settlement window (the bookings whose window ends
        -- between two runs are re-examined) and how many bookings are settled.
        CREATE TABLE reconciliation (
            singleton {INT} NOT NULL PRIMARY KEY CHECK (singleton = 1),
            as_of {INT} NOT NULL,
            settlement_days {INT} NOT NULL,
            settled {INT} NOT NULL CHECK (settled >= 0)
        ) {STRICT};

        -- Each statement's totals as last built (tenant, statement month): a month's index.html and
        -- summary.csv list every tenant of the month without reading its lines.
        CREATE TABLE statement_totals (
            tenant_id TEXT NOT NULL,
            month TEXT NOT NULL CHECK (length(month) = 7),
            currency TEXT NOT NULL,
            bookings {INT} NOT NULL CHECK (bookings >= 0),
            refunds {INT} NOT NULL CHECK (refunds >= 0),
            gross {INT} NOT NULL,
            commission {INT} NOT NULL,
            refund {INT} NOT NULL,
            commission_reversed {INT} NOT NULL,
            net {INT} NOT NULL,
            PRIMARY KEY (tenant_id, month)
        ) {STRICT_WITHOUT_ROWID};
        CREATE INDEX statement_totals_by_month ON statement_totals (month);

        -- Open items as the report lists them, and what each names, to find the ones a night's
        -- records touch (bank_entry_id: the bank entries' ids, space-separated, or the statement's).
        -- changed_run is the run that last saw the item new or changed.
        ALTER TABLE open_items ADD COLUMN booking_ref TEXT;
        ALTER TABLE open_items ADD COLUMN event_id TEXT;
        ALTER TABLE open_items ADD COLUMN expected {INT};
        ALTER TABLE open_items ADD COLUMN actual {INT};
        ALTER TABLE open_items ADD COLUMN detail TEXT;
        ALTER TABLE open_items ADD COLUMN source TEXT;
        ALTER TABLE open_items ADD COLUMN ledger_booking_id TEXT;
        ALTER TABLE open_items ADD COLUMN platform_booking_id TEXT;
        ALTER TABLE open_items ADD COLUMN bank_entry_id TEXT;
        ALTER TABLE open_items ADD COLUMN bank_date TEXT;
        ALTER TABLE open_items ADD COLUMN bank_reference TEXT;
        ALTER TABLE open_items ADD COLUMN bank_account TEXT;
        ALTER TABLE open_items ADD COLUMN changed_run TEXT;
        CREATE INDEX open_items_by_ledger_booking ON open_items (tenant_id, ledger_booking_id) WHERE resolved_run IS NULL;
        CREATE INDEX open_items_by_platform_booking ON open_items (tenant_id, platform_booking_id) WHERE resolved_run IS NULL;
        CREATE INDEX open_items_by_bank_entry ON open_items (bank_entry_id) WHERE resolved_run IS NULL;

        DROP VIEW view_open_exceptions;
        CREATE VIEW view_open_exceptions AS
            SELECT tenant_id, kind, refs, booking_ref, ledger_booking_id, platform_booking_id, bank_entry_id, event_id,
                   currency, expected, actual, amount, detail, first_seen, first_seen_run, last_seen
            FROM open_items
            WHERE resolved_run IS NULL;
        """

    /// A night's ledger reads the lines of the bookings its events touch.
    static let linesByBooking = """
        CREATE INDEX ledger_lines_by_booking ON ledger_lines (tenant_id, booking_id);
        """

    static let tables = """
        -- The run log, a hash chain: root = SHA-256(parent root, manifest, changes digest). UNIQUE
        -- (parent_root) keeps it a chain: no two runs follow the same one.
        CREATE TABLE runs (
            run_id TEXT NOT NULL PRIMARY KEY,
            parent_root {BLOB} UNIQUE REFERENCES runs (root),
            time {INT} NOT NULL,
            as_of TEXT NOT NULL CHECK (length(as_of) = 10),
            manifest {BLOB} NOT NULL,
            changes_digest {BLOB} NOT NULL CHECK (length(changes_digest) = 32),
            root {BLOB} NOT NULL UNIQUE CHECK (length(root) = 32)
        ) {STRICT};

        -- The last committed run: one row, moved in the run's final transaction.
        CREATE TABLE head (
            singleton {INT} NOT NULL PRIMARY KEY CHECK (singleton = 1),
            root {BLOB} NOT NULL REFERENCES runs (root)
        ) {STRICT};

        -- Content-addressed canonical bytes, never overwritten; `size` is the uncompressed length.
        CREATE TABLE objects (
            sha256 {BLOB} NOT NULL PRIMARY KEY CHECK (length(sha256) = 32),
            compression TEXT NOT NULL CHECK (compression IN ('none', 'zlib')),
            size {INT} NOT NULL CHECK (size >= 0),
            bytes {BLOB} NOT NULL
        ) {STRICT};

        -- Input files whose exact bytes were ingested: seen again, they are skipped unparsed.
        CREATE TABLE files (
            sha256 {BLOB} NOT NULL PRIMARY KEY CHECK (length(sha256) = 32),
            path TEXT NOT NULL,
            run_id TEXT NOT NULL REFERENCES runs (run_id) DEFERRABLE INITIALLY DEFERRED
        ) {STRICT};

        -- The index: a record key to the object first accepted for it.
        CREATE TABLE records (
            tenant_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('event', 'tenant', 'booking', 'bank_entry', 'bank_statement')),
            id TEXT NOT NULL,
            object {BLOB} NOT NULL REFERENCES objects (sha256),
            first_run TEXT NOT NULL REFERENCES runs (run_id) DEFERRABLE INITIALLY DEFERRED,
            PRIMARY KEY (tenant_id, kind, id)
        ) {STRICT_WITHOUT_ROWID};

        -- Export versions of snapshot records (tenants, platform bookings): latest exported_at,
        -- ties to the larger object, is in force.
        CREATE TABLE record_versions (
            tenant_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            exported_at {INT} NOT NULL,
            object {BLOB} NOT NULL REFERENCES objects (sha256),
            PRIMARY KEY (tenant_id, kind, id, exported_at, object),
            FOREIGN KEY (tenant_id, kind, id) REFERENCES records (tenant_id, kind, id)
        ) {STRICT_WITHOUT_ROWID};

        -- Objects met under an event or bank entry key after the first, kept as evidence and never
        -- applied, in the order they were first met.
        CREATE TABLE record_conflicts (
            tenant_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            object {BLOB} NOT NULL REFERENCES objects (sha256),
            step {INT} NOT NULL CHECK (step >= 1),
            PRIMARY KEY (tenant_id, kind, id, object),
            UNIQUE (tenant_id, kind, id, step),
            FOREIGN KEY (tenant_id, kind, id) REFERENCES records (tenant_id, kind, id)
        ) {STRICT_WITHOUT_ROWID};

        -- Where and when each record was met, and what dedup made of it (conflicting objects too),
        -- in the order met. `file` is the SHA-256 of the file's bytes, `path` where it lay.
        CREATE TABLE sightings (
            tenant_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            step {INT} NOT NULL CHECK (step >= 1),
            run_id TEXT NOT NULL REFERENCES runs (run_id) DEFERRABLE INITIALLY DEFERRED,
            path TEXT NOT NULL,
            file {BLOB} NOT NULL REFERENCES files (sha256) DEFERRABLE INITIALLY DEFERRED,
            line {INT} CHECK (line >= 1),
            byte_offset {INT} NOT NULL CHECK (byte_offset >= 0),
            object {BLOB} NOT NULL REFERENCES objects (sha256),
            outcome TEXT NOT NULL CHECK (outcome IN ('new', 'duplicate', 'conflict', 'new_version')),
            source TEXT NOT NULL CHECK (source IN ('webhook', 'list_export', 'platform_export', 'bank_report')),
            PRIMARY KEY (tenant_id, kind, id, step),
            FOREIGN KEY (tenant_id, kind, id) REFERENCES records (tenant_id, kind, id)
        ) {STRICT_WITHOUT_ROWID};

        -- The webhook table: one row per (tenant, event id), as the platform keeps it.
        CREATE TABLE events (
            tenant_id TEXT NOT NULL,
            id TEXT NOT NULL,
            type TEXT NOT NULL,
            created {INT} NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('PENDING', 'PROCESSED', 'FAILED', 'IGNORED')),
            attempts {INT} NOT NULL CHECK (attempts >= 1),
            last_error TEXT,
            PRIMARY KEY (tenant_id, id)
        ) {STRICT_WITHOUT_ROWID};

        -- Each event's status changes, numbered from 1 (the first sighting: from_status NULL).
        CREATE TABLE event_history (
            tenant_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            step {INT} NOT NULL CHECK (step >= 1),
            from_status TEXT CHECK (from_status IN ('PENDING', 'PROCESSED', 'FAILED', 'IGNORED')),
            to_status TEXT NOT NULL CHECK (to_status IN ('PENDING', 'PROCESSED', 'FAILED', 'IGNORED')),
            run_id TEXT NOT NULL REFERENCES runs (run_id) DEFERRABLE INITIALLY DEFERRED,
            error TEXT,
            PRIMARY KEY (tenant_id, event_id, step),
            FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id)
        ) {STRICT_WITHOUT_ROWID};

        -- The ledger's bookings: one per tenant per date, enforced here as the platform enforces it.
        -- add_on_ids and warnings are canonical JSON arrays of strings.
        CREATE TABLE bookings (
            tenant_id TEXT NOT NULL,
            id TEXT NOT NULL,
            date TEXT NOT NULL CHECK (length(date) = 10),
            status TEXT NOT NULL CHECK (status IN ('PAID', 'REFUNDED')),
            total {INT} NOT NULL,
            currency TEXT NOT NULL,
            paid_at {INT} NOT NULL,
            checkout_session_id TEXT NOT NULL,
            payment_intent_id TEXT,
            rate_basis_points {INT} NOT NULL,
            commission {INT} NOT NULL,
            refunded {INT} NOT NULL,
            reversed {INT} NOT NULL,
            refund_status TEXT NOT NULL CHECK (refund_status IN ('NONE', 'PARTIAL', 'FULL')),
            event_id TEXT NOT NULL,
            package_id TEXT,
            tier_id TEXT,
            add_on_ids TEXT NOT NULL,
            metadata_commission_amount {INT},
            metadata_commission_basis_points {INT},
            warnings TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id),
            UNIQUE (tenant_id, date),
            UNIQUE (tenant_id, payment_intent_id),
            FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) DEFERRABLE INITIALLY DEFERRED
        ) {STRICT_WITHOUT_ROWID};
        -- Settlement windows end by payment time. A refund that names no tenant finds its booking by
        -- the payment intent alone.
        CREATE INDEX bookings_by_paid_at ON bookings (paid_at);
        CREATE INDEX bookings_by_payment_intent ON bookings (payment_intent_id);

        -- The append-only ledger. sequence is the line's place in the whole ledger (unique across
        -- tenants too; `verify` checks that, as a key starting with tenant_id cannot).
        CREATE TABLE ledger_lines (
            tenant_id TEXT NOT NULL,
            sequence {INT} NOT NULL CHECK (sequence >= 1),
            month TEXT NOT NULL CHECK (length(month) = 7),
            kind TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
            time {INT} NOT NULL,
            booking_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            event_tenant_id TEXT NOT NULL,
            currency TEXT NOT NULL,
            rate_basis_points {INT} NOT NULL,
            gross {INT} NOT NULL,
            commission {INT} NOT NULL,
            refund {INT} NOT NULL,
            commission_reversed {INT} NOT NULL,
            PRIMARY KEY (tenant_id, sequence),
            FOREIGN KEY (tenant_id, booking_id) REFERENCES bookings (tenant_id, id)
        ) {STRICT_WITHOUT_ROWID};
        CREATE INDEX ledger_lines_by_month ON ledger_lines (tenant_id, month, sequence);
        -- The tenant-months with lines since a sequence: the statements a night must rebuild.
        CREATE INDEX ledger_lines_by_sequence ON ledger_lines (sequence);

        -- Exceptions as open items (SPEC §6): one row per (tenant, kind, source, subject), where the
        -- subject is the booking id, else the platform booking id, else the first bank entry id, and
        -- source is '' for kinds that compare with one record only. Ages count from first_seen.
        CREATE TABLE exceptions (
            tenant_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('missing_in_platform', 'missing_payment', 'amount_mismatch',
                'commission_mismatch', 'status_mismatch', 'date_mismatch', 'unmatched_bank_credit', 'unsettled_booking')),
            source TEXT NOT NULL CHECK (source IN ('', 'platform', 'checkout_metadata', 'bank')),
            subject TEXT NOT NULL,
            booking_id TEXT,
            platform_booking_id TEXT,
            bank_entry_ids TEXT NOT NULL,
            event_id TEXT,
            expected {INT},
            actual {INT},
            currency TEXT,
            detail TEXT NOT NULL,
            first_seen TEXT NOT NULL CHECK (length(first_seen) = 10),
            first_seen_run TEXT NOT NULL REFERENCES runs (run_id) DEFERRABLE INITIALLY DEFERRED,
            last_seen_run TEXT NOT NULL REFERENCES runs (run_id) DEFERRABLE INITIALLY DEFERRED,
            resolved TEXT CHECK (length(resolved) = 10),
            resolved_run TEXT REFERENCES runs (run_id) DEFERRABLE INITIALLY DEFERRED,
            PRIMARY KEY (tenant_id, kind, source, subject),
            CHECK ((resolved IS NULL) = (resolved_run IS NULL))
        ) {STRICT_WITHOUT_ROWID};
        CREATE INDEX exceptions_open ON exceptions (tenant_id, kind) WHERE resolved_run IS NULL;
        """

    /// Read-only views for people (`sqlite3`, `psql`), valid while a run writes: they read the last commit.
    static let views = """
        CREATE VIEW view_bookings AS
            SELECT tenant_id, id AS booking_id, date, status, currency, total, commission, refunded, reversed,
                   (total - refunded) - (commission - reversed) AS tenant_net, refund_status,
                   payment_intent_id, paid_at
            FROM bookings;

        CREATE VIEW view_open_exceptions AS
            SELECT tenant_id, kind, source, subject, booking_id, platform_booking_id, event_id,
                   expected, actual, currency, detail, first_seen, first_seen_run, last_seen_run
            FROM exceptions
            WHERE resolved_run IS NULL;

        CREATE VIEW view_statement_lines AS
            SELECT tenant_id, month, sequence, kind, time, booking_id, event_id, currency, rate_basis_points,
                   gross, commission, refund, commission_reversed,
                   (gross - refund) - (commission - commission_reversed) AS net
            FROM ledger_lines;
        """

    /// The run's small state that the old store kept as whole blobs (open items, closed months,
    /// statement revisions, rejected records), as tables. Migration 1's `exceptions` table keyed an
    /// exception by its subject; the run keys an open item by its references, so it is replaced.
    static let runStateTables = """
        DROP VIEW view_open_exceptions;
        DROP TABLE exceptions;

        -- Exceptions as open items (SPEC §6), keyed as the run keys them: refs is
        -- `source/ledger booking/platform booking/bank entries`, each '' when absent. kind is open
        -- (kinds may be added). A resolved item keeps its row (resolved and resolved_run, both or
        -- neither) until it opens again; only rows with resolved_run NULL are open. fingerprint is
        -- the item's UInt64 hash as a signed 64-bit bit pattern. Ages count from first_seen.
        CREATE TABLE open_items (
            tenant_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            refs TEXT NOT NULL,
            first_seen_run TEXT NOT NULL REFERENCES runs (run_id) DEFERRABLE INITIALLY DEFERRED,
            first_seen TEXT NOT NULL CHECK (length(first_seen) = 10),
            last_seen TEXT NOT NULL CHECK (length(last_seen) = 10),
            fingerprint {INT} NOT NULL,
            amount {INT},
            currency TEXT,
            resolved TEXT CHECK (length(resolved) = 10),
            resolved_run TEXT REFERENCES runs (run_id) DEFERRABLE INITIALLY DEFERRED,
            PRIMARY KEY (tenant_id, kind, refs),
            CHECK ((resolved IS NULL) = (resolved_run IS NULL))
        ) {STRICT_WITHOUT_ROWID};
        CREATE INDEX open_items_open ON open_items (tenant_id, kind, refs) WHERE resolved_run IS NULL;

        -- The months finance closed (`reconcile close`), for every tenant at once: ledger lines
        -- 1…line_count were in the ledger when run_id closed the month at as_of.
        CREATE TABLE closed_months (
            month TEXT NOT NULL PRIMARY KEY CHECK (length(month) = 7),
            run_id TEXT NOT NULL REFERENCES runs (run_id) DEFERRABLE INITIALLY DEFERRED,
            as_of {INT} NOT NULL,
            line_count {INT} NOT NULL CHECK (line_count >= 0)
        ) {STRICT};

        -- Each statement's revision: the highest ledger sequence it holds (through), and the one
        -- the revision before held (previous_through, 0 for revision 1).
        CREATE TABLE statement_revisions (
            tenant_id TEXT NOT NULL,
            month TEXT NOT NULL CHECK (length(month) = 7),
            revision {INT} NOT NULL CHECK (revision >= 1),
            through {INT} NOT NULL CHECK (through >= 0),
            previous_through {INT} NOT NULL CHECK (previous_through >= 0),
            PRIMARY KEY (tenant_id, month)
        ) {STRICT_WITHOUT_ROWID};

        -- Records rejected inside good files, over all runs, in the order seen (step from 1): the
        -- file (SHA-256 → files) and place, why, the object holding the raw bytes (NULL when not
        -- kept), the key those bytes name (all three key columns or none), and the accepted record
        -- that replaced it (all replaced_by columns but the line, or none; only with a key). A log
        -- of files, not of one tenant: its key is the step.
        CREATE TABLE rejections (
            step {INT} NOT NULL PRIMARY KEY CHECK (step >= 1),
            run_id TEXT NOT NULL REFERENCES runs (run_id) DEFERRABLE INITIALLY DEFERRED,
            path TEXT NOT NULL,
            file {BLOB} NOT NULL REFERENCES files (sha256) DEFERRABLE INITIALLY DEFERRED,
            line {INT} CHECK (line >= 1),
            byte_offset {INT} NOT NULL CHECK (byte_offset >= 0),
            reason TEXT NOT NULL,
            object {BLOB} REFERENCES objects (sha256),
            key_tenant_id TEXT,
            key_kind TEXT CHECK (key_kind IN ('event', 'tenant', 'booking', 'bank_entry', 'bank_statement')),
            key_id TEXT,
            replaced_by_object {BLOB} REFERENCES objects (sha256),
            replaced_by_run TEXT REFERENCES runs (run_id) DEFERRABLE INITIALLY DEFERRED,
            replaced_by_path TEXT,
            replaced_by_line {INT} CHECK (replaced_by_line >= 1),
            replaced_by_byte_offset {INT} CHECK (replaced_by_byte_offset >= 0),
            CHECK ((key_kind IS NULL) = (key_tenant_id IS NULL) AND (key_kind IS NULL) = (key_id IS NULL)),
            CHECK ((replaced_by_object IS NULL) = (replaced_by_run IS NULL)
                AND (replaced_by_object IS NULL) = (replaced_by_path IS NULL)
                AND (replaced_by_object IS NULL) = (replaced_by_byte_offset IS NULL)
                AND (replaced_by_line IS NULL OR replaced_by_object IS NOT NULL)),
            CHECK (replaced_by_object IS NULL OR key_kind IS NOT NULL)
        ) {STRICT};

        CREATE VIEW view_open_exceptions AS
            SELECT tenant_id, kind, refs, first_seen, first_seen_run, last_seen, amount, currency
            FROM open_items
            WHERE resolved_run IS NULL;
        """
}
