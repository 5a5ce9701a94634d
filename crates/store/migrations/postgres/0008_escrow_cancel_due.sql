-- iPay (issue 15): a buyer's cancel request of an unconfirmed order that the
-- seller leaves unanswered is approved by the clock; the due work finds it
-- by this time, as it finds automatic decisions and remittances.
ALTER TABLE escrow_orders ADD COLUMN cancel_due_at BIGINT;
CREATE INDEX escrow_orders_cancel_due ON escrow_orders (cancel_due_at)
    WHERE cancel_due_at IS NOT NULL;
