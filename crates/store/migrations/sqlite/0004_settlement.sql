-- Settlement: when a paid payment is paid out to the seller, and whether it has been.
ALTER TABLE payments ADD COLUMN settle_due_at INTEGER;
ALTER TABLE payments ADD COLUMN settled_at INTEGER;
CREATE INDEX payments_due_settlement ON payments (settle_due_at)
    WHERE state = 'paid' AND settled_at IS NULL;
