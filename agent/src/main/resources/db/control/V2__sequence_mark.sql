-- The highest record sequence number this kiosk ever committed to its outbox (outbox.db). Kept
-- outside the outbox so that an emptied, deleted or older outbox is noticed at start instead of
-- numbering again from 1 (records lost, the fleet refusing the new ones as SEQUENCE_CONFLICT).
-- Written after each commit: it may lag the outbox by the last record, never run ahead of it.
CREATE TABLE sequence_mark (
    id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    last_seq INTEGER NOT NULL
);
