-- Cash receipts (현금영수증; PayApp cashSt / cashStCn). One row per receipt
-- with every field as a column, so the tax-relevant facts are queryable and
-- the database itself refuses a breakdown that does not add up. Issued once;
-- the only change afterwards is the one cancellation.

CREATE TABLE cash_receipts (
    id              INTEGER PRIMARY KEY,
    protocol        TEXT    NOT NULL,
    merchant_id     INTEGER NOT NULL REFERENCES merchants (id),
    page_code       TEXT    NOT NULL UNIQUE,
    goods_name      TEXT    NOT NULL,
    buyer_name      TEXT    NOT NULL,
    buyer_phone     TEXT,
    buyer_email     TEXT,
    identity_kind   TEXT    NOT NULL CHECK (identity_kind IN ('phone', 'business_number')),
    identity        TEXT    NOT NULL,
    purpose         TEXT    NOT NULL CHECK (purpose IN ('income_deduction', 'expense_proof')),
    amount_total    INTEGER NOT NULL CHECK (amount_total > 0),
    amount_supply   INTEGER NOT NULL CHECK (amount_supply >= 0),
    amount_service  INTEGER NOT NULL CHECK (amount_service >= 0),
    amount_tax      INTEGER NOT NULL CHECK (amount_tax >= 0),
    tax_type        TEXT    NOT NULL CHECK (tax_type IN ('taxable', 'tax_exempt')),
    traded_at       INTEGER NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('issued', 'cancelled')),
    issued_at       INTEGER NOT NULL,
    cancelled_at    INTEGER,
    CHECK (amount_total = amount_supply + amount_service + amount_tax),
    CHECK (tax_type = 'taxable' OR amount_tax = 0),
    CHECK ((state = 'cancelled') = (cancelled_at IS NOT NULL))
);
CREATE INDEX cash_receipts_by_merchant ON cash_receipts (merchant_id, id);
