-- Doorstep fleet store, version 1. One migration for SQLite and PostgreSQL: only types and syntax
-- both accept (VARCHAR/TEXT/BIGINT/BOOLEAN, named UNIQUE constraints, plain indexes).
-- Instants are BIGINT milliseconds since the epoch (UTC): identical in both engines, and range
-- queries need no vendor date functions. JSON is stored as canonical text.

CREATE TABLE devices (
    device_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    public_key_pem TEXT         NOT NULL,
    algorithm      VARCHAR(16)  NOT NULL,
    key_id         VARCHAR(32)  NOT NULL,
    region         VARCHAR(64)  NOT NULL,
    registered_at  BIGINT       NOT NULL,
    revoked        BOOLEAN      NOT NULL DEFAULT FALSE,
    -- when the fleet last stored a record of this device (received time); NULL until the first
    last_record_at BIGINT
);

CREATE TABLE records (
    record_id        VARCHAR(64) NOT NULL PRIMARY KEY,
    device_id        VARCHAR(64) NOT NULL,
    seq              BIGINT      NOT NULL,
    service          VARCHAR(64) NOT NULL,
    mode             VARCHAR(32) NOT NULL,
    outcome          VARCHAR(32) NOT NULL,
    card_type        VARCHAR(32) NOT NULL,
    -- masked (first 3, last 4); the raw number is only inside body (encrypted by issue #6)
    id_number_masked VARCHAR(32) NOT NULL,
    captured_at      BIGINT      NOT NULL,
    received_at      BIGINT      NOT NULL,
    config_version   BIGINT      NOT NULL,
    -- canonical JSON of the signed body, and of the envelope's sig member
    body             TEXT        NOT NULL,
    signature        TEXT        NOT NULL,
    CONSTRAINT records_device_seq UNIQUE (device_id, seq)
);

CREATE INDEX records_captured ON records (captured_at);
CREATE INDEX records_device_captured ON records (device_id, captured_at);
CREATE INDEX records_service_captured ON records (service, captured_at);

CREATE TABLE device_state (
    device_id  VARCHAR(64) NOT NULL PRIMARY KEY,
    online     BOOLEAN     NOT NULL,
    -- canonical JSON of the last DeviceState body
    state      TEXT        NOT NULL,
    -- the state's reportedAt; an older state never overwrites a newer one
    updated_at BIGINT      NOT NULL
);
