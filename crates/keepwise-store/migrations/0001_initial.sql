-- keepwise schema, version 1: one table per file of the canonical format (FORMAT.md),
-- plus import batches, data set settings and the append-only audit log.
--
-- Conventions
--   money      INTEGER ten-thousandths of the currency unit (exact; FORMAT.md allows 4 decimals)
--   decimals   TEXT, exact (handling minutes, usage quantities, rates)
--   timestamps TEXT, RFC 3339 in UTC ("2025-03-01T14:05:00Z"); dates TEXT "2025-03-01"
--   booleans   INTEGER 0/1, NULL = unknown
--   first_batch / last_batch: the import that created / last changed the record (traceability)

CREATE TABLE import_batches (
    batch_id     INTEGER PRIMARY KEY,
    started_at   TEXT NOT NULL,
    finished_at  TEXT NOT NULL,
    operator     TEXT NOT NULL,
    source       TEXT NOT NULL,
    files        TEXT NOT NULL,   -- JSON: [{file, format, new, changed, unchanged}]
    rows_total   INTEGER NOT NULL
);

CREATE TABLE dataset_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE audit_log (
    entry_id  INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    details   TEXT NOT NULL      -- JSON, including the evidence snapshot where there is one
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted'); END;

CREATE TABLE rates (
    currency    TEXT PRIMARY KEY,
    rate        TEXT NOT NULL,   -- exact decimal: value of 1 unit in the reporting currency
    first_batch INTEGER NOT NULL REFERENCES import_batches(batch_id),
    last_batch  INTEGER NOT NULL REFERENCES import_batches(batch_id)
);

CREATE TABLE customers (
    customer_id TEXT PRIMARY KEY,
    name        TEXT,
    email       TEXT,
    language    TEXT,
    segment     TEXT,
    target_fit  INTEGER,
    created_at  TEXT NOT NULL,
    country     TEXT,
    first_batch INTEGER NOT NULL REFERENCES import_batches(batch_id),
    last_batch  INTEGER NOT NULL REFERENCES import_batches(batch_id)
);

CREATE TABLE promotions (
    promotion_id          TEXT PRIMARY KEY,
    name                  TEXT NOT NULL,
    starts_at             TEXT NOT NULL,
    ends_at               TEXT NOT NULL,
    max_uses_per_customer INTEGER,
    first_order_only      INTEGER,
    first_batch INTEGER NOT NULL REFERENCES import_batches(batch_id),
    last_batch  INTEGER NOT NULL REFERENCES import_batches(batch_id)
);

CREATE TABLE contracts (
    contract_id  TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers(customer_id),
    start_date   TEXT NOT NULL,
    term_months  INTEGER NOT NULL,
    monthly_fee  INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    upfront_cost INTEGER,
    notice_days  INTEGER,
    ended_at     TEXT,
    first_batch INTEGER NOT NULL REFERENCES import_batches(batch_id),
    last_batch  INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX contracts_by_customer ON contracts(customer_id);

CREATE TABLE orders (
    order_id     TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers(customer_id),
    ordered_at   TEXT NOT NULL,
    amount       INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    margin       INTEGER,
    contract_id  TEXT REFERENCES contracts(contract_id),
    promotion_id TEXT REFERENCES promotions(promotion_id),
    status       TEXT NOT NULL,
    first_batch INTEGER NOT NULL REFERENCES import_batches(batch_id),
    last_batch  INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX orders_by_customer ON orders(customer_id);

CREATE TABLE tickets (
    ticket_id        TEXT PRIMARY KEY,
    customer_id      TEXT NOT NULL REFERENCES customers(customer_id),
    opened_at        TEXT NOT NULL,
    closed_at        TEXT,
    channel          TEXT NOT NULL,
    category         TEXT NOT NULL,
    escalation       TEXT NOT NULL,
    handling_minutes TEXT NOT NULL,  -- exact decimal
    reopened         INTEGER,
    agent_id         TEXT,
    team             TEXT,
    csat             INTEGER,
    root_cause       TEXT,
    out_of_scope     INTEGER,
    unsupported      INTEGER,
    outcome          TEXT,
    first_batch INTEGER NOT NULL REFERENCES import_batches(batch_id),
    last_batch  INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX tickets_by_customer ON tickets(customer_id);

CREATE TABLE messages (
    message_id TEXT PRIMARY KEY,
    ticket_id  TEXT NOT NULL REFERENCES tickets(ticket_id),
    sent_at    TEXT NOT NULL,
    author     TEXT NOT NULL,
    staff_id   TEXT,
    language   TEXT,
    text       TEXT NOT NULL,
    first_batch INTEGER NOT NULL REFERENCES import_batches(batch_id),
    last_batch  INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX messages_by_ticket ON messages(ticket_id);

CREATE TABLE concessions (
    concession_id TEXT PRIMARY KEY,
    customer_id   TEXT NOT NULL REFERENCES customers(customer_id),
    granted_at    TEXT NOT NULL,
    kind          TEXT NOT NULL,
    amount        INTEGER NOT NULL,
    currency      TEXT NOT NULL,
    reason        TEXT,
    ticket_id     TEXT REFERENCES tickets(ticket_id),
    order_id      TEXT REFERENCES orders(order_id),
    promotion_id  TEXT REFERENCES promotions(promotion_id),
    approved_by   TEXT,
    first_batch INTEGER NOT NULL REFERENCES import_batches(batch_id),
    last_batch  INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX concessions_by_customer ON concessions(customer_id);

-- A day of use has no id of its own: it is keyed by customer, contract ('' for none) and date.
CREATE TABLE usage (
    customer_id  TEXT NOT NULL REFERENCES customers(customer_id),
    contract_key TEXT NOT NULL,
    date         TEXT NOT NULL,
    contract_id  TEXT REFERENCES contracts(contract_id),
    quantity     TEXT NOT NULL,     -- exact decimal
    first_batch INTEGER NOT NULL REFERENCES import_batches(batch_id),
    last_batch  INTEGER NOT NULL REFERENCES import_batches(batch_id),
    PRIMARY KEY (customer_id, contract_key, date)
);

CREATE TABLE reviews (
    review_id    TEXT PRIMARY KEY,
    customer_id  TEXT REFERENCES customers(customer_id),
    source       TEXT NOT NULL,
    posted_at    TEXT NOT NULL,
    rating       INTEGER NOT NULL,
    text         TEXT,
    url          TEXT,
    responded_at TEXT,
    first_batch INTEGER NOT NULL REFERENCES import_batches(batch_id),
    last_batch  INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX reviews_by_customer ON reviews(customer_id);

CREATE TABLE staff_reports (
    report_id   TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(customer_id),
    staff_id    TEXT NOT NULL,
    reported_at TEXT NOT NULL,
    kind        TEXT NOT NULL,
    note        TEXT,
    first_batch INTEGER NOT NULL REFERENCES import_batches(batch_id),
    last_batch  INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX staff_reports_by_customer ON staff_reports(customer_id);
