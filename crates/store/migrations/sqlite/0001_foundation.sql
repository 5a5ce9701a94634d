-- Foundation schema (SQLite). Times are Unix milliseconds, money is integer won.

CREATE TABLE merchants (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

-- PayApp seller credentials (manual 001, 연동 KEY / 연동 VALUE).
CREATE TABLE payapp_accounts (
    merchant_id         INTEGER PRIMARY KEY REFERENCES merchants (id),
    userid              TEXT    NOT NULL UNIQUE,
    linkkey             TEXT    NOT NULL,
    linkval             TEXT    NOT NULL,
    common_feedbackurl  TEXT
);

-- Hi/lo id allocation: a process reserves a block of ids in one write and
-- hands them out from memory, so a payment's number is known before the
-- transaction that creates it.
CREATE TABLE id_blocks (
    name        TEXT    PRIMARY KEY,
    next_value  INTEGER NOT NULL
);
INSERT INTO id_blocks (name, next_value) VALUES ('payment', 1000);

CREATE TABLE payments (
    id                INTEGER PRIMARY KEY,
    protocol          TEXT    NOT NULL,
    merchant_id       INTEGER NOT NULL REFERENCES merchants (id),
    page_code         TEXT    NOT NULL UNIQUE,
    state             TEXT    NOT NULL,
    amount            INTEGER NOT NULL CHECK (amount >= 0),
    cancelled_amount  INTEGER NOT NULL CHECK (cancelled_amount >= 0 AND cancelled_amount <= amount),
    requested_at      INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL,
    paid_at           INTEGER,
    closed_at         INTEGER,
    version           INTEGER NOT NULL,
    body              TEXT    NOT NULL
);
CREATE INDEX payments_open_by_expiry ON payments (expires_at)
    WHERE state IN ('requested', 'awaiting_deposit');

-- Append-only history: rows are inserted, never updated or deleted.
CREATE TABLE payment_events (
    payment_id  INTEGER NOT NULL REFERENCES payments (id),
    seq         INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    PRIMARY KEY (payment_id, seq)
);

-- The transactional outbox: merchant callbacks and SMS.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    kind             TEXT    NOT NULL,
    protocol         TEXT    NOT NULL,
    payment_id       INTEGER REFERENCES payments (id),
    channel          TEXT    NOT NULL,
    target           TEXT    NOT NULL,
    content_type     TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    success_rule     TEXT    NOT NULL,
    max_attempts     INTEGER NOT NULL,
    retry_delays     TEXT    NOT NULL,
    state            TEXT    NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    locked_until     INTEGER,
    lease_token      INTEGER,
    lease_owner      TEXT,
    created_at       INTEGER NOT NULL,
    last_error       TEXT,
    delivered_at     INTEGER
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX outbox_by_payment ON outbox (payment_id);
CREATE INDEX outbox_sms_by_phone ON outbox (target, id) WHERE channel = 'sms';

-- Every delivery attempt, whatever happened.
CREATE TABLE outbox_attempts (
    outbox_id         INTEGER NOT NULL REFERENCES outbox (id),
    attempt_no        INTEGER NOT NULL,
    started_at        INTEGER NOT NULL,
    target            TEXT    NOT NULL,
    request_body      TEXT    NOT NULL,
    status            INTEGER,
    response_excerpt  TEXT,
    latency_ms        INTEGER NOT NULL,
    error             TEXT,
    succeeded         INTEGER NOT NULL,
    worker            TEXT    NOT NULL,
    PRIMARY KEY (outbox_id, attempt_no)
);

-- Small shared settings, e.g. the sandbox clock offset, so every gateway
-- process on one database sees the same sandbox time.
CREATE TABLE settings (
    name   TEXT    PRIMARY KEY,
    value  INTEGER NOT NULL
);
