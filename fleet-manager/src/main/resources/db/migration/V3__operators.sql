-- Doorstep fleet store, version 3 (issue #6: operators of the HTTPS API). Additive only, in the
-- dialect V1 uses so that SQLite and PostgreSQL both run it unchanged.

-- People (and scripts) allowed to use the /api routes. An operator authenticates with a random API
-- token shown once when the account is created; only its SHA-256 (hex, lower case) is kept here.
-- role: ADMIN, FLEET_OPERATOR, AUDITOR (and HANDLER, REVIEWER, APPROVER of the review workflow).
-- region: GB/T 2260 code prefix the operator is limited to ("44" = Guangdong, "4401" = Guangzhou,
-- "440106" = one county); "86" = national.
CREATE TABLE operators (
    name       VARCHAR(64) NOT NULL PRIMARY KEY,
    role       VARCHAR(32) NOT NULL,
    region     VARCHAR(12) NOT NULL,
    token_hash VARCHAR(64) NOT NULL,
    created_at BIGINT      NOT NULL,
    -- NULL while the account is active; a revoked operator's token is refused from then on
    revoked_at BIGINT,
    CONSTRAINT operators_token UNIQUE (token_hash)
);
