-- A refused record's bare reason code (NOT_CANONICAL, BAD_SIGNATURE …) beside the full text in
-- reject_reason ("CODE: detail"), so that the local health API can count refusals by reason without
-- parsing text. Rows refused before this column existed get the text before the first ':'.
ALTER TABLE outbox ADD COLUMN reject_code TEXT;
UPDATE outbox SET reject_code = CASE
    WHEN instr(reject_reason, ':') > 0 THEN substr(reject_reason, 1, instr(reject_reason, ':') - 1)
    ELSE reject_reason END
  WHERE state = 'REJECTED' AND reject_reason IS NOT NULL;

-- summary(): the latest refusals first.
CREATE INDEX outbox_rejected ON outbox (state, acked_at);
