-- The agent's evidence store: face frames, ID-card photos, document scans, each sealed with the
-- device's data key (AES-256-GCM or SM4-GCM). Only hashes and sizes travel in records; the bytes stay
-- here until the retention policy purges them. Times are Unix epoch milliseconds (UTC).
CREATE TABLE evidence (
  id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  record_id   TEXT    NOT NULL,
  kind        TEXT    NOT NULL,
  media_type  TEXT    NOT NULL,
  -- SHA-256 (lower-case hex) and length of the plaintext: what CertificationRecord.Evidence carries
  sha256      TEXT    NOT NULL,
  size        INTEGER NOT NULL,
  -- Sealed format v1 (docs/wire-protocol.md §9.3); associated data: record_id NUL kind NUL sha256
  sealed      BLOB    NOT NULL,
  created_at  INTEGER NOT NULL
);

CREATE INDEX evidence_record ON evidence (record_id);
CREATE INDEX evidence_created ON evidence (created_at);
