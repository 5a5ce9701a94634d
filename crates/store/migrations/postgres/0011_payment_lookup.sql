-- Payment lookup (issue 14: `gyeolje payment list|show`, the admin API, the
-- console): lists newest first, overall and per merchant, and payments by a
-- merchant reference (InnoPay moid, iPay pay number) whichever merchant made
-- them — `payments_by_reference` leads with the merchant, so it cannot.
CREATE INDEX payments_newest ON payments (requested_at, id);
CREATE INDEX payments_newest_by_merchant ON payments (merchant_id, requested_at, id);
CREATE INDEX payments_by_reference_only ON payments (reference)
    WHERE reference IS NOT NULL;
