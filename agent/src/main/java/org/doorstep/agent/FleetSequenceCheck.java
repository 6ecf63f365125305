package org.doorstep.agent;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Objects;
import org.doorstep.agent.identity.DeviceIdentityService;
import org.doorstep.agent.identity.IdentityException;
import org.doorstep.agent.readiness.Readiness;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.agent.remote.ControlStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up and on-connect hook: the outbox must not be behind the fleet. {@link OutboxContinuity} catches
 * an outbox that lost records while the control database kept the sequence mark; a kiosk that lost
 * <em>both</em> files numbers from 1 again, and only the fleet knows better. So the kiosk asks the fleet
 * for the highest sequence number it stored of this device ({@code GET /api/device/sequence},
 * docs/wire-protocol.md section 9.4) on start and on every uplink connect, and when that is above its own
 * outbox's it raises {@link Readiness.Problem#OUTBOX_BEHIND_FLEET}: residents are refused before a card is
 * read, instead of being promised certifications whose records the fleet would refuse
 * ({@code SEQUENCE_CONFLICT}). With {@code agent run --accept-outbox-loss} (staff have accounted for the
 * lost residents) numbering continues above the fleet's mark instead, and the control store's mark is
 * raised with it.
 *
 * <p>A fleet that cannot be reached, or a kiosk without an enrolment URL or certificate, changes nothing:
 * offline kiosks keep certifying, and the next connect asks again. Thread: the agent's context.
 */
final class FleetSequenceCheck {
  private static final Logger LOG = LoggerFactory.getLogger(FleetSequenceCheck.class);
  /**
   * How long the start waits for the fleet's answer before sessions begin: long enough for a reachable
   * fleet (one mutual-TLS request), short enough that an unreachable one delays an offline kiosk little.
   */
  static final Duration START_WAIT = Duration.ofSeconds(5);

  /** What the comparison says. */
  enum Verdict {
    /** The outbox is at or above the fleet's mark. */
    IN_STEP,
    /** The fleet stored higher sequence numbers: refuse residents. */
    BEHIND,
    /** The fleet stored higher sequence numbers and the loss is accepted: number above the fleet's mark. */
    ADVANCE
  }

  private final DeviceIdentityService identity;
  private final SqliteOutbox outbox;
  private final ControlStore control;
  private final Readiness readiness;
  private final boolean acceptLoss;

  FleetSequenceCheck(DeviceIdentityService identity, SqliteOutbox outbox, ControlStore control, Readiness readiness,
      boolean acceptLoss) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.control = Objects.requireNonNull(control, "control");
    this.readiness = Objects.requireNonNull(readiness, "readiness");
    this.acceptLoss = acceptLoss;
  }

  /** The comparison, without I/O. */
  static Verdict judge(long outboxLast, long fleetLast, boolean acceptLoss) {
    if (fleetLast <= outboxLast) {
      return Verdict.IN_STEP;
    }
    return acceptLoss ? Verdict.ADVANCE : Verdict.BEHIND;
  }

  /**
   * Asks the fleet and acts on its answer. Never fails: an unanswered question is logged (DEBUG when the
   * fleet is unreachable or the kiosk not enrolled yet, WARN when it refused) and asked again later.
   *
   * @return the verdict; null when the fleet did not answer
   */
  Future<Verdict> check() {
    return identity.lastStoredSequence()
        .compose(fleetLast -> outbox.lastSequence().compose(last -> act(last, fleetLast)))
        .recover(err -> {
          if (err instanceof IdentityException e && (e.reason() == IdentityException.Reason.FLEET_UNREACHABLE
              || e.reason() == IdentityException.Reason.NOT_ENROLLED
              || e.reason() == IdentityException.Reason.NOT_CONFIGURED)) {
            LOG.debug("fleet's sequence mark not learnt ({}); asked again at the next connect", err.getMessage());
          } else {
            LOG.warn("fleet's sequence mark not learnt: {}; asked again at the next connect", err.getMessage());
          }
          return Future.succeededFuture();
        });
  }

  private Future<Verdict> act(long last, long fleetLast) {
    Verdict verdict = judge(last, fleetLast, acceptLoss);
    switch (verdict) {
      case IN_STEP -> readiness.clear(Readiness.Problem.OUTBOX_BEHIND_FLEET);
      case BEHIND -> readiness.raise(Readiness.Problem.OUTBOX_BEHIND_FLEET, "the fleet stored records of this kiosk up"
          + " to seq " + fleetLast + " but its outbox " + SqliteOutbox.FILE_NAME + " ends at seq " + last
          + " (it was lost or replaced by an older copy, with " + ControlStore.FILE_NAME + "): new records would be"
          + " refused (SEQUENCE_CONFLICT). Restore both files from a backup, or, once staff have accounted for"
          + " the residents of the lost records, restart with 'agent run --accept-outbox-loss'");
      case ADVANCE -> {
        LOG.error("the fleet stored records of this kiosk up to seq {} but its outbox ends at seq {}; accepted"
            + " (--accept-outbox-loss): numbering continues at seq {}", fleetLast, last, fleetLast + 1);
        return outbox.advanceSequenceTo(fleetLast)
            .compose(now -> control.raiseSequenceMark(now))
            .map(v -> {
              readiness.clear(Readiness.Problem.OUTBOX_BEHIND_FLEET);
              return verdict;
            });
      }
      default -> throw new IllegalStateException(verdict.name());
    }
    return Future.succeededFuture(verdict);
  }
}
