-- The simulated card acquirer's own books (issue 17.1): what it approved
-- and what it refunded, so that a refund re-sent after a restart, or by
-- another node, answers its first receipt and never refunds twice, and the
-- refunds of a charge never add up to more than it. The gateway never
-- writes these tables (a real acquirer keeps its books on its side); the
-- simulator does, through its `AcquirerBooks` trait. Card numbers are
-- stored masked only.
--
-- A charge the books never saw (approved before this migration) is entered
-- on its first refund from the gateway's own records, with no key or card.
CREATE TABLE sim_acquirer_charges (
    approval_no        TEXT    PRIMARY KEY,
    auth_key           TEXT    UNIQUE,
    amount             BIGINT  NOT NULL,
    refunded           BIGINT  NOT NULL,
    card_name          TEXT,
    card_masked        TEXT,
    card_company_code  TEXT,
    approved_at        BIGINT  NOT NULL,
    CHECK (refunded >= 0 AND refunded <= amount)
);

CREATE TABLE sim_acquirer_refunds (
    refund_key   TEXT    PRIMARY KEY,
    approval_no  TEXT    NOT NULL REFERENCES sim_acquirer_charges (approval_no),
    refund_no    TEXT    NOT NULL UNIQUE,
    amount       BIGINT  NOT NULL,
    refunded_at  BIGINT  NOT NULL
);
CREATE INDEX sim_acquirer_refunds_by_charge ON sim_acquirer_refunds (approval_no);
