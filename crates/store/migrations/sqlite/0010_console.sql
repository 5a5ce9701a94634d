-- The operator console (issue 14): one admin password, stored as an argon2
-- PHC string (the row id is pinned to 1, so "set it if none is set" is one
-- INSERT … ON CONFLICT DO NOTHING that several starting processes can race
-- on, and exactly one wins), and its login sessions. A session is kept by
-- the SHA-256 of its id, never the id itself, so reading this table does
-- not log anyone in; its CSRF token is checked on every form the session
-- posts. Times are wall-clock milliseconds (not the sandbox clock: moving
-- business time must not end or extend a login).
CREATE TABLE console_admin (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    password_hash  TEXT    NOT NULL,
    updated_at     INTEGER NOT NULL
);

CREATE TABLE console_sessions (
    id_hash     TEXT    PRIMARY KEY,
    csrf_token  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);
