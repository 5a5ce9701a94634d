-- Per-merchant test clocks (issue 17, point 2): a merchant with a row here
-- runs on its own business clock, the OS time plus `offset_ms` (which only
-- grows); a merchant without one follows the shared clock (the
-- `sandbox_clock_offset_ms` setting). Rows are never deleted: once a
-- merchant has its own clock it keeps it, so the set only grows.
CREATE TABLE merchant_clocks (
    merchant_id BIGINT PRIMARY KEY REFERENCES merchants (id),
    offset_ms   BIGINT NOT NULL
);
