-- Doorstep fleet store, version 4 (issue #6: signed config bundles, staged rollout, commands).
-- Additive only, in the dialect V1 uses (SQLite and PostgreSQL both run it unchanged). Instants are
-- BIGINT epoch milliseconds; JSON is text.

-- Versioned configuration documents (the `config` member of a bundle). Validated before they are
-- stored; versions only grow.
CREATE TABLE config_versions (
    version    BIGINT       NOT NULL PRIMARY KEY,
    -- canonical JSON of the document
    document   TEXT         NOT NULL,
    note       VARCHAR(200) NOT NULL,
    created_at BIGINT       NOT NULL
);

-- A staged rollout of one config version.
CREATE TABLE config_rollouts (
    rollout_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    version       BIGINT       NOT NULL,
    -- canonical JSON of the RolloutPlan (canary ids, wave percentages, region, refusal threshold)
    plan          TEXT         NOT NULL,
    -- RUNNING, HALTED or COMPLETED
    phase         VARCHAR(16)  NOT NULL,
    -- index of the wave being rolled out (0 = first)
    current_wave  INTEGER      NOT NULL,
    -- why it halted; empty unless HALTED
    halted_reason VARCHAR(500) NOT NULL,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL
);

CREATE INDEX config_rollouts_version ON config_rollouts (version);

-- Each device of a rollout: its wave and what it reported.
CREATE TABLE config_rollout_devices (
    rollout_id   VARCHAR(64)   NOT NULL,
    device_id    VARCHAR(64)   NOT NULL,
    wave         INTEGER       NOT NULL,
    -- WAITING (wave not reached), PENDING (bundle published), APPLIED, REFUSED
    status       VARCHAR(16)   NOT NULL,
    -- the agent's reason word when REFUSED (ROLLBACK, BAD_SIGNATURE, SCHEMA_INVALID, APPLY_FAILED …)
    reason       VARCHAR(32)   NOT NULL,
    detail       VARCHAR(2000) NOT NULL,
    published_at BIGINT,
    reported_at  BIGINT,
    CONSTRAINT config_rollout_devices_pk PRIMARY KEY (rollout_id, device_id)
);

CREATE INDEX config_rollout_devices_device ON config_rollout_devices (device_id);

-- Commands signed and sent to devices, and their results.
CREATE TABLE device_commands (
    command_id   VARCHAR(64)   NOT NULL PRIMARY KEY,
    device_id    VARCHAR(64)   NOT NULL,
    name         VARCHAR(64)   NOT NULL,
    -- canonical JSON object of string arguments
    args         TEXT          NOT NULL,
    nonce        VARCHAR(64)   NOT NULL,
    expires_at   BIGINT        NOT NULL,
    created_at   BIGINT        NOT NULL,
    -- the exact signed envelope published (audit, and proof of what the device was sent)
    payload      TEXT          NOT NULL,
    -- SENT until a result arrives; then the result's status (DONE, FAILED, REFUSED_EXPIRED …)
    status       VARCHAR(32)   NOT NULL,
    detail       VARCHAR(2000) NOT NULL,
    result_at    BIGINT,
    CONSTRAINT device_commands_nonce UNIQUE (nonce)
);

CREATE INDEX device_commands_device ON device_commands (device_id, created_at);

-- Every signed command-result received (a replayed command is answered again: each answer is kept).
CREATE TABLE command_results (
    id          VARCHAR(64)   NOT NULL PRIMARY KEY,
    command_id  VARCHAR(64)   NOT NULL,
    device_id   VARCHAR(64)   NOT NULL,
    status      VARCHAR(32)   NOT NULL,
    detail      VARCHAR(2000) NOT NULL,
    received_at BIGINT        NOT NULL,
    -- canonical JSON of the signed body and of its sig member
    body        TEXT          NOT NULL,
    signature   TEXT          NOT NULL
);

CREATE INDEX command_results_command ON command_results (command_id, received_at);
