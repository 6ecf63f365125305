-- Doorstep fleet store, version 5 (issue #6: personal data at rest). Additive only, in the dialect
-- V1 uses so that SQLite and PostgreSQL both run it unchanged. (V3 and V4 belong to other changes.)
--
-- records.body now holds the signed body sealed with the fleet's data key ('enc1:' + base64 of the
-- Sealed bytes, docs/wire-protocol.md §9.3); plain-text rows are sealed by the application when the
-- store opens, not here (SQL has no key).
--
-- When the retention purged a record's personal fields (body and id_number_masked emptied), in epoch
-- milliseconds; NULL while they are kept. The statistics columns stay.
ALTER TABLE records ADD COLUMN personal_purged_at BIGINT;

CREATE INDEX records_received ON records (received_at);
