-- Doorstep fleet store, version 2 (issue #6: sequence and clock checks, enrolment). Additive only,
-- in the dialect V1 uses so that SQLite and PostgreSQL both run it unchanged.

-- A record whose capturedAt was farther from the fleet clock than the ingest tolerance (default
-- 10 minutes) when it arrived. Flagged for review, never refused. Existing rows: not flagged.
ALTER TABLE records ADD COLUMN clock_skew BOOLEAN NOT NULL DEFAULT FALSE;

-- One-time enrolment tokens. Only the SHA-256 of a token is kept (hex, lower case): the token
-- itself is shown once to the operator who issued it. A token is bound to one device id and region,
-- expires, and is spent by the first successful enrolment (used_at set in the same transaction that
-- registers the device).
CREATE TABLE enrolment_tokens (
    token_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    device_id  VARCHAR(64) NOT NULL,
    region     VARCHAR(64) NOT NULL,
    created_at BIGINT      NOT NULL,
    expires_at BIGINT      NOT NULL,
    -- NULL until spent
    used_at    BIGINT
);

CREATE INDEX enrolment_tokens_device ON enrolment_tokens (device_id);
