-- Doorstep fleet store, version 9 (issue #12: rollouts on the hawkBit model, docs/rollouts.md).
-- Additive only, in the dialect V1 uses (SQLite and PostgreSQL both run it unchanged). Instants are
-- BIGINT epoch milliseconds.
--
-- config_rollouts, as version 4 made it, now means:
--   plan          the plan's JSON (filter, canary, groups, thresholds, approval, window); rows written before
--                 version 9 keep the old JSON (canary, waves, region, maxRefusals), which the fleet still reads
--   phase         WAITING_APPROVAL, RUNNING, PAUSED, HALTED or COMPLETED. The column stays VARCHAR(16) and the
--                 new names were chosen to fit it: SQL that both engines accept cannot widen a column
--                 (PostgreSQL's ALTER COLUMN … TYPE is not SQLite's, which would rebuild the table)
--   current_wave  index of the newest group published; -1 before the first
--   halted_reason why the rollout is PAUSED (operator or error threshold) or HALTED; empty otherwise
-- config_rollout_devices.wave is the device's group.

-- The operator who created the rollout ('' for rollouts from before version 9): it may not approve it.
ALTER TABLE config_rollouts ADD COLUMN created_by VARCHAR(64) NOT NULL DEFAULT '';
-- Who approved it and when; NULL while waiting (or when the plan needs no approval).
ALTER TABLE config_rollouts ADD COLUMN approved_by VARCHAR(64);
ALTER TABLE config_rollouts ADD COLUMN approved_at BIGINT;
-- The next group may go out but waits for the maintenance window (or for a resume). A restart must not
-- forget it: the group goes out at the window's first tick after the restart.
ALTER TABLE config_rollouts ADD COLUMN group_due BOOLEAN NOT NULL DEFAULT FALSE;
-- Refusals forgiven by the last resume: the error threshold counts the refusals after it.
ALTER TABLE config_rollouts ADD COLUMN refusals_baseline INTEGER NOT NULL DEFAULT 0;
-- The rollout this one rolls back (to its devices' last-known-good config); NULL for an ordinary rollout.
ALTER TABLE config_rollouts ADD COLUMN rollback_of VARCHAR(64);

-- The service's tick and the restart read the rollouts not finished; the devices still pending are read at
-- every restart (their bundles are published again: the embedded broker keeps retained messages in memory).
CREATE INDEX config_rollouts_phase ON config_rollouts (phase);
CREATE INDEX config_rollout_devices_status ON config_rollout_devices (status);
