-- The agent's outbox: every signed record from commit to the fleet's ack, and a little after.
-- Times are Unix epoch milliseconds (UTC).
CREATE TABLE outbox (
  record_id       TEXT    NOT NULL PRIMARY KEY,
  seq             INTEGER NOT NULL UNIQUE,
  payload         BLOB    NOT NULL,
  created_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  state           TEXT    NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DELIVERED', 'REJECTED')),
  acked_at        INTEGER,
  reject_reason   TEXT
);

-- due(): pending records by next attempt.
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- The last per-device sequence number handed out. One row; survives purging of old records, so a
-- sequence is never reused.
CREATE TABLE device_sequence (
  id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  last_seq INTEGER NOT NULL
);
INSERT INTO device_sequence (id, last_seq) VALUES (1, 0);
