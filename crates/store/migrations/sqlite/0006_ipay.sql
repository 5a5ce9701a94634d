-- Auction iPay (manual 000): sellers, their API tickets, escrow orders (one
-- per cart line once paid) and the buyers' questions to the seller.

-- Order numbers, pay numbers and note numbers each have their own range
-- (all within iPay's int).
INSERT INTO id_blocks (name, next_value) VALUES ('ipay_order', 300000000);
INSERT INTO id_blocks (name, next_value) VALUES ('ipay_pay', 500000000);
INSERT INTO id_blocks (name, next_value) VALUES ('ipay_note', 1000);

CREATE TABLE ipay_sellers (
    merchant_id  INTEGER  PRIMARY KEY REFERENCES merchants (id),
    seller_id    TEXT    NOT NULL UNIQUE,
    site_url     TEXT
);

-- EncryptedTicket values identify the seller. Only their SHA-256 is kept:
-- a ticket is a password.
CREATE TABLE ipay_tickets (
    ticket_sha256  TEXT    PRIMARY KEY,
    merchant_id    INTEGER  NOT NULL REFERENCES merchants (id)
);

-- The whole order is JSON in body; the other columns are copies for
-- indexing (lists by seller and state, the clock's due work).
CREATE TABLE escrow_orders (
    order_no       INTEGER  PRIMARY KEY,
    payment_id     INTEGER  NOT NULL REFERENCES payments (id),
    merchant_id    INTEGER  NOT NULL REFERENCES merchants (id),
    line_no        INTEGER  NOT NULL,
    state          TEXT    NOT NULL,
    ordered_at     INTEGER  NOT NULL,
    updated_at     INTEGER  NOT NULL,
    decide_due_at  INTEGER,
    remit_due_at   INTEGER,
    body           TEXT    NOT NULL,
    UNIQUE (payment_id, line_no)
);
CREATE INDEX escrow_orders_by_seller ON escrow_orders (merchant_id, ordered_at);
-- The seller's work lists (cancel requests, returns, exchanges) by state.
CREATE INDEX escrow_orders_by_state ON escrow_orders (merchant_id, state, ordered_at);
CREATE INDEX escrow_orders_decide_due ON escrow_orders (decide_due_at)
    WHERE decide_due_at IS NOT NULL;
CREATE INDEX escrow_orders_remit_due ON escrow_orders (remit_due_at)
    WHERE remit_due_at IS NOT NULL;

-- Buyer questions (문의) and the seller's replies.
CREATE TABLE ipay_notes (
    seqno        INTEGER  PRIMARY KEY,
    merchant_id  INTEGER  NOT NULL REFERENCES merchants (id),
    order_no     INTEGER  NOT NULL REFERENCES escrow_orders (order_no),
    title        TEXT    NOT NULL,
    content      TEXT    NOT NULL,
    reg_at       INTEGER  NOT NULL,
    reply        TEXT,
    reply_at     INTEGER
);
CREATE INDEX ipay_notes_by_seller ON ipay_notes (merchant_id, reg_at);
