-- Sandbox faults armed on demand (issue 17): "the next `count` callbacks
-- to this merchant fail with 503", "the acquirer declines the next
-- approval", "the carrier rejects the next SMS", "the next deposit is late".
-- Kept here, not in a process, so a fault armed through one gateway process
-- fires on whichever process makes the next matching call. Firing is one
-- conditional decrement (`remaining = remaining - 1 … AND remaining > 0`),
-- so of several processes racing for the last firing exactly one wins.
-- `kind` is the kind's name; `status` (HTTP status of a callback fault)
-- and `code` (decline code of an acquirer fault) are its parameters.
-- Spent faults (`remaining = 0`) stay listed until the merchant's faults
-- are disarmed. `armed_at` is wall-clock milliseconds.
CREATE TABLE sandbox_faults (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    merchant_id  INTEGER  NOT NULL REFERENCES merchants (id),
    target       TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    status       INTEGER,
    code         TEXT,
    count        INTEGER  NOT NULL CHECK (count > 0),
    remaining    INTEGER  NOT NULL CHECK (remaining >= 0 AND remaining <= count),
    armed_at     INTEGER  NOT NULL
);
-- The hot paths (an approval, a leased batch of deliveries) ask "is
-- anything armed for this merchant and target?": only live rows are indexed,
-- so with nothing armed the answer is an empty index.
CREATE INDEX sandbox_faults_armed ON sandbox_faults (merchant_id, target, id)
    WHERE remaining > 0;
CREATE INDEX sandbox_faults_merchant ON sandbox_faults (merchant_id, id);
