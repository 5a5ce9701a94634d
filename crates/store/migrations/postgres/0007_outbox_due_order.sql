-- The lease takes due messages in (next_attempt_at, id) order. An index on
-- next_attempt_at alone made PostgreSQL sort every pending row on each lease
-- when many share one due time (a backlog): 25 ms per lease at 100,000
-- pending, 0.8 ms with the order in the index. (SQLite's index already ends
-- with the rowid, which is id; the two schemas are kept alike.)
CREATE INDEX outbox_due_order ON outbox (next_attempt_at, id) WHERE state = 'pending';
DROP INDEX outbox_due;
