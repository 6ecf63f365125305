package org.doorstep.agent;

import io.vertx.core.Future;
import org.doorstep.agent.records.OutboxEntry;
import org.doorstep.agent.records.OutboxException;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.agent.remote.ControlStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up hook: the outbox must not have lost records. The control store keeps the highest sequence
 * number ever committed (the sequence mark, raised after every commit); an outbox whose own sequence
 * is below it was emptied (a 0-byte file is a valid empty SQLite database), deleted or replaced by an
 * older copy: its undelivered records are gone, and numbering again from 1 would only get the new
 * records refused by the fleet ({@code SEQUENCE_CONFLICT}). The agent then refuses to start, naming the
 * file and the lost range, unless the loss is accepted ({@code agent run --accept-outbox-loss}, after
 * staff accounted for those residents): then numbering continues above the mark.
 */
final class OutboxContinuity {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxContinuity.class);

  private OutboxContinuity() {}

  /**
   * Compares the outbox's sequence with the mark; raises the mark to the outbox's (it lags by one after
   * a crash between commit and mark).
   *
   * @return fails with {@link OutboxException} when records were lost and {@code acceptLoss} is false
   */
  static Future<Void> check(SqliteOutbox outbox, ControlStore control, String outboxFile, boolean acceptLoss) {
    return control.sequenceMark().compose(mark -> outbox.lastSequence().compose(last -> {
      if (last >= mark) {
        return last > mark ? control.raiseSequenceMark(last) : Future.<Void>succeededFuture();
      }
      String lost = "outbox " + outboxFile + (last == 0 ? " is empty or new" : " ends at seq " + last)
          + " but this kiosk committed records up to seq " + mark + " (" + ControlStore.FILE_NAME
          + "): the outbox was emptied, deleted or replaced by an older copy, and records " + (last + 1) + ".." + mark
          + " that were not delivered are lost";
      if (!acceptLoss) {
        return Future.failedFuture(new OutboxException(lost + ". Restore " + SqliteOutbox.FILE_NAME
            + " from a backup, or, once staff have accounted for those residents, start once with"
            + " 'agent run --accept-outbox-loss'", null));
      }
      LOG.error("{}; accepted (--accept-outbox-loss): numbering continues at seq {}", lost, mark + 1);
      return outbox.advanceSequenceTo(mark).mapEmpty();
    }));
  }

  /** After a commit: raises the mark (a failure is logged; the next start raises it from the outbox). */
  static void committed(ControlStore control, OutboxEntry entry) {
    control.raiseSequenceMark(entry.seq()).onFailure(err -> LOG.warn("sequence mark not raised to {}: {}",
        entry.seq(), err.getMessage()));
  }
}
