-- Doorstep fleet store, version 7 (issue 12: alarms, docs/alarms.md).
-- Additive only, in the dialect V1 uses (SQLite and PostgreSQL both run it unchanged). Instants are
-- BIGINT epoch milliseconds.

-- Every alarm, active or cleared (ThingsBoard's model: acknowledge and clear are independent).
CREATE TABLE alarms (
    id              VARCHAR(64)  NOT NULL PRIMARY KEY,
    -- device id, or '@fleet' for the fleet's own alarms
    source          VARCHAR(64)  NOT NULL,
    -- the device's region code (national '86' for the fleet's own)
    region          VARCHAR(64)  NOT NULL,
    -- OFFLINE, PAPER_LOW, ... (AlarmType)
    type            VARCHAR(32)  NOT NULL,
    -- CRITICAL, MAJOR, MINOR, WARNING
    severity        VARCHAR(16)  NOT NULL,
    detail          VARCHAR(500) NOT NULL,
    started_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL,
    acknowledged_at BIGINT,
    acknowledged_by VARCHAR(64),
    cleared_at      BIGINT,
    -- NULL when it cleared by itself (its condition ended)
    cleared_by      VARCHAR(64),
    escalated_at    BIGINT
);

-- At most one active (not cleared) alarm per (source, type): a partial unique index, which SQLite
-- (3.8+) and PostgreSQL both enforce.
CREATE UNIQUE INDEX alarms_one_active ON alarms (source, type) WHERE cleared_at IS NULL;
CREATE INDEX alarms_started ON alarms (started_at);
CREATE INDEX alarms_region ON alarms (region);

-- Webhook deliveries that failed every attempt (GET /api/alarms/dead-letters).
CREATE TABLE alarm_dead_letters (
    id         VARCHAR(64)   NOT NULL PRIMARY KEY,
    alarm_id   VARCHAR(64)   NOT NULL,
    -- raised, updated, acknowledged, cleared, escalated
    event      VARCHAR(16)   NOT NULL,
    -- the JSON body that was signed and sent
    body       TEXT          NOT NULL,
    attempts   INTEGER       NOT NULL,
    last_error VARCHAR(500)  NOT NULL,
    failed_at  BIGINT        NOT NULL
);

CREATE INDEX alarm_dead_letters_failed ON alarm_dead_letters (failed_at);
