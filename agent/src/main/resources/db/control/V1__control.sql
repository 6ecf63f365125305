-- The agent's remote-control store (control.db in the data directory): what must survive a restart
-- so that a replayed command or a rolled-back config stays refused.

-- Nonces of accepted commands, kept until the command would be refused as expired anyway
-- (expiresAt + allowed skew, epoch milliseconds).
CREATE TABLE command_nonces (
    nonce        TEXT    NOT NULL PRIMARY KEY,
    command_id   TEXT    NOT NULL,
    forget_after INTEGER NOT NULL,
    accepted_at  INTEGER NOT NULL
);

CREATE INDEX command_nonces_forget ON command_nonces (forget_after);

-- Every config bundle version that passed verification, with what became of it (APPLIED or
-- APPLY_FAILED). MAX(version) is the rollback floor: a bundle below it is refused.
CREATE TABLE config_versions (
    version    INTEGER NOT NULL PRIMARY KEY,
    outcome    TEXT    NOT NULL,
    detail     TEXT    NOT NULL,
    decided_at INTEGER NOT NULL
);
