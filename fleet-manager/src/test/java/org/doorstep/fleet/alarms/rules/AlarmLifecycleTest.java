package org.doorstep.fleet.alarms.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.doorstep.fleet.alarms.rules.AlarmLifecycle.Effect;
import org.doorstep.fleet.alarms.rules.AlarmLifecycle.Event;
import org.doorstep.fleet.alarms.rules.AlarmLifecycle.Step;
import org.junit.jupiter.api.Test;

class AlarmLifecycleTest {
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  private static Event.Raise raise(String id, Severity sev, String detail) {
    return new Event.Raise(id, "kiosk-1", "440106", AlarmType.PAPER_OUT, sev, detail);
  }

  private static Alarm created() {
    Step s = AlarmLifecycle.next(Optional.empty(), raise("a1", Severity.MAJOR, "printer: HWERROR PAPER_OUT"), T0);
    assertThat(s.effect()).isEqualTo(Effect.CREATED);
    return s.alarm().orElseThrow();
  }

  @Test
  void raise_without_alarm_creates_an_active_unacknowledged_one() {
    Alarm a = created();
    assertThat(a.id()).isEqualTo("a1");
    assertThat(a.state()).isEqualTo(AlarmState.ACTIVE_UNACK);
    assertThat(a.startedAt()).isEqualTo(T0);
    assertThat(a.acknowledgedAt()).isEmpty();
    assertThat(a.clearedAt()).isEmpty();
  }

  @Test
  void raise_again_keeps_the_one_active_alarm_and_updates_only_a_change() {
    Alarm a = created();
    Step same = AlarmLifecycle.next(Optional.of(a), raise("a2", Severity.MAJOR, "printer: HWERROR PAPER_OUT"),
        T0.plusSeconds(30));
    assertThat(same.changed()).isFalse();
    assertThat(same.alarm()).contains(a);
    Step worse = AlarmLifecycle.next(Optional.of(a), raise("a3", Severity.CRITICAL, "both printers"), T0.plusSeconds(60));
    assertThat(worse.effect()).isEqualTo(Effect.UPDATED);
    Alarm w = worse.alarm().orElseThrow();
    assertThat(w.id()).isEqualTo("a1");
    assertThat(w.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(w.startedAt()).isEqualTo(T0);
    assertThat(w.updatedAt()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void acknowledge_and_clear_are_independent_in_either_order() {
    Alarm a = created();
    Alarm acked = AlarmLifecycle.next(Optional.of(a), new Event.Acknowledge("ops-1"), T0.plusSeconds(10)).alarm().orElseThrow();
    assertThat(acked.state()).isEqualTo(AlarmState.ACTIVE_ACK);
    assertThat(acked.acknowledgedBy()).contains("ops-1");
    Step ended = AlarmLifecycle.next(Optional.of(acked), new Event.ConditionEnded(), T0.plusSeconds(20));
    assertThat(ended.effect()).isEqualTo(Effect.CLEARED);
    assertThat(ended.alarm().orElseThrow().state()).isEqualTo(AlarmState.CLEARED_ACK);
    assertThat(ended.alarm().orElseThrow().clearedBy()).isEmpty();

    Alarm cleared = AlarmLifecycle.next(Optional.of(a), new Event.Clear("ops-2"), T0.plusSeconds(10)).alarm().orElseThrow();
    assertThat(cleared.state()).isEqualTo(AlarmState.CLEARED_UNACK);
    assertThat(cleared.clearedBy()).contains("ops-2");
    Step ackAfter = AlarmLifecycle.next(Optional.of(cleared), new Event.Acknowledge("ops-3"), T0.plusSeconds(20));
    assertThat(ackAfter.effect()).isEqualTo(Effect.ACKNOWLEDGED);
    assertThat(ackAfter.alarm().orElseThrow().state()).isEqualTo(AlarmState.CLEARED_ACK);
    assertThat(ackAfter.alarm().orElseThrow().clearedBy()).contains("ops-2");
  }

  @Test
  void repeated_acknowledge_and_clear_change_nothing() {
    Alarm acked = AlarmLifecycle.next(Optional.of(created()), new Event.Acknowledge("ops-1"), T0.plusSeconds(1)).alarm()
        .orElseThrow();
    assertThat(AlarmLifecycle.next(Optional.of(acked), new Event.Acknowledge("ops-2"), T0.plusSeconds(2)).changed()).isFalse();
    Alarm cleared = AlarmLifecycle.next(Optional.of(acked), new Event.Clear("ops-1"), T0.plusSeconds(3)).alarm().orElseThrow();
    assertThat(AlarmLifecycle.next(Optional.of(cleared), new Event.Clear("ops-2"), T0.plusSeconds(4)).changed()).isFalse();
    assertThat(AlarmLifecycle.next(Optional.of(cleared), new Event.ConditionEnded(), T0.plusSeconds(4)).changed()).isFalse();
    assertThat(AlarmLifecycle.next(Optional.empty(), new Event.ConditionEnded(), T0).alarm()).isEmpty();
  }

  @Test
  void a_condition_that_returns_after_clearing_raises_a_new_alarm() {
    Alarm cleared = AlarmLifecycle.next(Optional.of(created()), new Event.ConditionEnded(), T0.plusSeconds(5)).alarm()
        .orElseThrow();
    Step again = AlarmLifecycle.next(Optional.of(cleared), raise("b1", Severity.MAJOR, "printer: HWERROR PAPER_OUT"),
        T0.plusSeconds(9));
    assertThat(again.effect()).isEqualTo(Effect.CREATED);
    assertThat(again.alarm().orElseThrow().id()).isEqualTo("b1");
    assertThat(again.alarm().orElseThrow().startedAt()).isEqualTo(T0.plusSeconds(9));
  }

  @Test
  void tick_escalates_once_an_alarm_unacknowledged_for_escalate_after() {
    Alarm a = created();
    Event.Tick tick = new Event.Tick(Duration.ofMinutes(30));
    assertThat(AlarmLifecycle.next(Optional.of(a), tick, T0.plus(Duration.ofMinutes(29))).changed()).isFalse();
    Step esc = AlarmLifecycle.next(Optional.of(a), tick, T0.plus(Duration.ofMinutes(30)));
    assertThat(esc.effect()).isEqualTo(Effect.ESCALATED);
    Alarm e = esc.alarm().orElseThrow();
    assertThat(e.escalatedAt()).contains(T0.plus(Duration.ofMinutes(30)));
    assertThat(e.state()).isEqualTo(AlarmState.ACTIVE_UNACK);
    assertThat(AlarmLifecycle.next(Optional.of(e), tick, T0.plus(Duration.ofMinutes(90))).changed()).isFalse();
  }

  @Test
  void tick_never_escalates_acknowledged_cleared_or_with_escalation_off() {
    Alarm a = created();
    Instant late = T0.plus(Duration.ofHours(5));
    Alarm acked = AlarmLifecycle.next(Optional.of(a), new Event.Acknowledge("ops"), T0).alarm().orElseThrow();
    Alarm cleared = AlarmLifecycle.next(Optional.of(a), new Event.ConditionEnded(), T0).alarm().orElseThrow();
    assertThat(AlarmLifecycle.next(Optional.of(acked), new Event.Tick(Duration.ofMinutes(1)), late).changed()).isFalse();
    assertThat(AlarmLifecycle.next(Optional.of(cleared), new Event.Tick(Duration.ofMinutes(1)), late).changed()).isFalse();
    assertThat(AlarmLifecycle.next(Optional.of(a), new Event.Tick(Duration.ZERO), late).changed()).isFalse();
  }
}
