-- Merchant administration (issue 14): a merchant can be disabled (its
-- credentials then identify no one, so every protocol answers with its own
-- "unknown merchant" error), and may restrict the hosts its callback URLs
-- name (comma-separated; NULL means any host). An iPay seller may register
-- several sites; site_url holds them one per line.
ALTER TABLE merchants ADD COLUMN disabled_at INTEGER;
ALTER TABLE merchants ADD COLUMN callback_hosts TEXT;
