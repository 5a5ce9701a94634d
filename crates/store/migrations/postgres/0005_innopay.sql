-- InnoPay (manual 002): merchant credentials, the §4.4 notification settings,
-- and the merchant's own order number (moid) on payments, unique per merchant
-- and protocol so a retried request can never register a second order.

CREATE TABLE innopay_accounts (
    merchant_id  BIGINT  PRIMARY KEY REFERENCES merchants (id),
    mid          TEXT    NOT NULL UNIQUE,
    license_key  TEXT    NOT NULL,
    cancel_pwd   TEXT    NOT NULL,
    -- JSON array of {"pg_mid", "product_code"}.
    pg_mids      TEXT    NOT NULL
);

-- One row per payment method (card, cash); absent means "no notification".
CREATE TABLE innopay_notify_settings (
    merchant_id       BIGINT  NOT NULL REFERENCES merchants (id),
    method            TEXT    NOT NULL CHECK (method IN ('card', 'cash')),
    url               TEXT    NOT NULL,
    interval_minutes  BIGINT  NOT NULL CHECK (interval_minutes BETWEEN 1 AND 60),
    retry_count       BIGINT  NOT NULL CHECK (retry_count BETWEEN 1 AND 10),
    since             BIGINT  NOT NULL,
    PRIMARY KEY (merchant_id, method)
);

ALTER TABLE payments ADD COLUMN reference TEXT;
CREATE UNIQUE INDEX payments_by_reference ON payments (merchant_id, protocol, reference)
    WHERE reference IS NOT NULL;
