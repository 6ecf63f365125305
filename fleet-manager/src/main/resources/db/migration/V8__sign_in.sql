-- Doorstep fleet store, version 8 (issue #12: sign-in with user name and password for the console).
-- Additive only, in the dialect V1 uses so that SQLite and PostgreSQL both run it unchanged.

-- Password (Argon2id, PHC string format: $argon2id$v=19$m=…,t=…,p=…$salt$hash); NULL = no password set,
-- the account signs in with its API token only.
ALTER TABLE operators ADD COLUMN password_hash VARCHAR(255);
-- Failed password sign-ins in a row (reset by a success); at the policy's limit the account is locked.
ALTER TABLE operators ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0;
-- Epoch millis until which password sign-in is refused; NULL = not locked.
ALTER TABLE operators ADD COLUMN locked_until BIGINT;
-- Epoch millis after which the API token is refused (TOKEN_EXPIRED); NULL = a token issued before
-- version 8, which does not expire (rotate it by making a new account).
ALTER TABLE operators ADD COLUMN token_expires_at BIGINT;

-- Console sessions. The cookie carries a random 256-bit id; only its SHA-256 is kept, as for tokens. The
-- CSRF token is kept as its SHA-256 too (the browser holds it; state-changing requests send it back).
CREATE TABLE operator_sessions (
    id_hash      VARCHAR(64) NOT NULL PRIMARY KEY,
    operator     VARCHAR(64) NOT NULL,
    csrf_hash    VARCHAR(64) NOT NULL,
    created_at   BIGINT      NOT NULL,
    last_seen_at BIGINT      NOT NULL
);

CREATE INDEX operator_sessions_operator ON operator_sessions (operator);
