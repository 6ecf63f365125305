package org.doorstep.fleet.alarms.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The state machine of the alarm of one (source, type): ThingsBoard's model, as a table.
 *
 * <pre>
 * current            event               → next                         effect
 * none / cleared     Raise               → new ACTIVE_UNACK (event's id) CREATED
 * active             Raise, same sev+detail → unchanged                 (none)
 * active             Raise, other        → severity/detail updated      UPDATED
 * none / cleared     ConditionEnded      → unchanged                    (none)
 * active             ConditionEnded      → CLEARED_*, clearedBy empty   CLEARED
 * ACTIVE_UNACK/CLEARED_UNACK  Acknowledge(op) → *_ACK, acknowledgedBy op ACKNOWLEDGED
 * *_ACK              Acknowledge         → unchanged                    (none: idempotent)
 * active             Clear(op)           → CLEARED_*, clearedBy op       CLEARED
 * cleared            Clear               → unchanged                    (none: idempotent)
 * ACTIVE_UNACK, not escalated, started ≥ escalateAfter ago
 *                    Tick                → escalatedAt = now            ESCALATED
 * anything else      Tick                → unchanged                    (none)
 * </pre>
 * A cleared alarm never becomes active again: a condition that returns raises a new alarm, also
 * after an operator cleared one whose condition still held (ThingsBoard does the same).
 */
public final class AlarmLifecycle {
  private AlarmLifecycle() {}

  /** What happens to an alarm. */
  public sealed interface Event permits Event.Raise, Event.ConditionEnded, Event.Acknowledge, Event.Clear, Event.Tick {
    /**
     * The condition holds.
     *
     * @param newId  the id a new alarm takes (unused when one is active)
     * @param region the source's region
     */
    record Raise(String newId, String source, String region, AlarmType type, Severity severity, String detail)
        implements Event {
      public Raise {
        Objects.requireNonNull(newId, "newId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
      }
    }

    /** The condition no longer holds. */
    record ConditionEnded() implements Event {}

    /** @param operator who acknowledges */
    record Acknowledge(String operator) implements Event {
      public Acknowledge {
        Objects.requireNonNull(operator, "operator");
      }
    }

    /** @param operator who clears */
    record Clear(String operator) implements Event {
      public Clear {
        Objects.requireNonNull(operator, "operator");
      }
    }

    /** Time passes: escalate an alarm unacknowledged for {@code escalateAfter} (zero: never). */
    record Tick(Duration escalateAfter) implements Event {
      public Tick {
        Objects.requireNonNull(escalateAfter, "escalateAfter");
      }
    }
  }

  /** What a step did, for notifications and metrics. */
  public enum Effect { NONE, CREATED, UPDATED, ACKNOWLEDGED, CLEARED, ESCALATED }

  /**
   * The outcome of one event.
   *
   * @param alarm  the alarm after the event (empty: there is none, and none was created)
   * @param effect what changed; {@link Effect#NONE} when nothing did
   */
  public record Step(Optional<Alarm> alarm, Effect effect) {
    public Step {
      Objects.requireNonNull(alarm, "alarm");
      Objects.requireNonNull(effect, "effect");
    }

    /** Whether the alarm changed (and must be stored and notified). */
    public boolean changed() {
      return effect != Effect.NONE;
    }
  }

  /**
   * Applies {@code event} to the current alarm of a (source, type).
   *
   * @param current the newest alarm of the key, active or cleared; empty when there is none
   * @param now     fleet time of the event
   */
  public static Step next(Optional<Alarm> current, Event event, Instant now) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(now, "now");
    boolean active = current.isPresent() && current.get().state().active();
    if (event instanceof Event.Raise r) {
      if (!active) {
        return new Step(Optional.of(new Alarm(r.newId(), r.source(), r.region(), r.type(), r.severity(), r.detail(),
            now, now, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())),
            Effect.CREATED);
      }
      Alarm a = current.get();
      if (a.severity() == r.severity() && a.detail().equals(Alarm.cut(r.detail()))) {
        return unchanged(current);
      }
      return new Step(Optional.of(new Alarm(a.id(), a.source(), a.region(), a.type(), r.severity(), r.detail(),
          a.startedAt(), now, a.acknowledgedAt(), a.acknowledgedBy(), a.clearedAt(), a.clearedBy(), a.escalatedAt())),
          Effect.UPDATED);
    }
    if (event instanceof Event.ConditionEnded) {
      return active ? clear(current.get(), Optional.empty(), now) : unchanged(current);
    }
    if (event instanceof Event.Clear c) {
      return active ? clear(current.get(), Optional.of(c.operator()), now) : unchanged(current);
    }
    if (event instanceof Event.Acknowledge ack) {
      if (current.isEmpty() || current.get().state().acknowledged()) {
        return unchanged(current);
      }
      Alarm a = current.get();
      return new Step(Optional.of(new Alarm(a.id(), a.source(), a.region(), a.type(), a.severity(), a.detail(),
          a.startedAt(), now, Optional.of(now), Optional.of(ack.operator()), a.clearedAt(), a.clearedBy(),
          a.escalatedAt())), Effect.ACKNOWLEDGED);
    }
    Event.Tick t = (Event.Tick) event;
    if (current.isEmpty() || current.get().state() != AlarmState.ACTIVE_UNACK || t.escalateAfter().isZero()
        || current.get().escalatedAt().isPresent()
        || now.isBefore(current.get().startedAt().plus(t.escalateAfter()))) {
      return unchanged(current);
    }
    Alarm a = current.get();
    return new Step(Optional.of(new Alarm(a.id(), a.source(), a.region(), a.type(), a.severity(), a.detail(),
        a.startedAt(), now, a.acknowledgedAt(), a.acknowledgedBy(), a.clearedAt(), a.clearedBy(), Optional.of(now))),
        Effect.ESCALATED);
  }

  private static Step unchanged(Optional<Alarm> current) {
    return new Step(current, Effect.NONE);
  }

  private static Step clear(Alarm a, Optional<String> by, Instant now) {
    return new Step(Optional.of(new Alarm(a.id(), a.source(), a.region(), a.type(), a.severity(), a.detail(),
        a.startedAt(), now, a.acknowledgedAt(), a.acknowledgedBy(), Optional.of(now), by, a.escalatedAt())),
        Effect.CLEARED);
  }
}
