-- keepwise schema, version 2: the case process (DESIGN.md, "The process").
--
-- A case is stored as its steps: `case_steps` is append-only, like the audit log, and
-- the case is rebuilt by replaying them, so it can never disagree with its history.
-- `cases` is a summary kept in step with them for listings; `customer_status` answers
-- `keepwise status-of` by primary key. Conventions as in 0001 (timestamps RFC 3339 UTC
-- text, dates "YYYY-MM-DD" text, JSON as text).

CREATE TABLE staff (
    staff_id  TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    role      TEXT NOT NULL CHECK (role IN ('agent', 'manager', 'admin')),
    team      TEXT,
    added_at  TEXT NOT NULL
);

CREATE TABLE cases (
    case_id     TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    owner       TEXT NOT NULL REFERENCES staff(staff_id),
    state       TEXT NOT NULL,
    outcome     TEXT CHECK (outcome IN ('kept', 'parted', 'refused', 'lost')),
    opened_at   TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX cases_by_customer ON cases(customer_id);
-- One case at a time per customer: a second concern joins the running case.
CREATE UNIQUE INDEX cases_one_running_per_customer ON cases(customer_id)
    WHERE state NOT IN ('resolved', 'closed');

CREATE TABLE case_steps (
    case_id     TEXT NOT NULL REFERENCES cases(case_id),
    seq         INTEGER NOT NULL,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL REFERENCES staff(staff_id),
    action      TEXT NOT NULL,
    from_state  TEXT,
    to_state    TEXT NOT NULL,
    step        TEXT NOT NULL,   -- JSON: the whole step, with the evidence snapshot
    audit_entry INTEGER NOT NULL REFERENCES audit_log(entry_id),
    PRIMARY KEY (case_id, seq)
);
CREATE TRIGGER case_steps_no_update BEFORE UPDATE ON case_steps
BEGIN SELECT RAISE(ABORT, 'case steps are append-only: a step cannot be changed'); END;
CREATE TRIGGER case_steps_no_delete BEFORE DELETE ON case_steps
BEGIN SELECT RAISE(ABORT, 'case steps are append-only: a step cannot be deleted'); END;

-- Only customers whose standing differs from "active" have a row.
CREATE TABLE customer_status (
    customer_id TEXT PRIMARY KEY,
    status      TEXT NOT NULL CHECK (status IN ('parted', 'do_not_serve')),
    case_id     TEXT NOT NULL REFERENCES cases(case_id),
    since       TEXT NOT NULL,
    follow_up   TEXT,            -- parted: the keep-in-touch date
    review_date TEXT,            -- do_not_serve: when the refusal is looked at again
    record      TEXT NOT NULL,   -- JSON: the whole status (reason, evidence, approver …)
    updated_at  TEXT NOT NULL,
    CHECK (status = 'parted' OR follow_up IS NULL)
);
CREATE INDEX customer_status_follow_ups ON customer_status(follow_up) WHERE follow_up IS NOT NULL;
