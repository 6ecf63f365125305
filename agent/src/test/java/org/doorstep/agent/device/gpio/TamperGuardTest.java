package org.doorstep.agent.device.gpio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.junit.jupiter.api.Test;

class TamperGuardTest {
  private static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");
  private final HealthRegistry health = new HealthRegistry(Clock.fixed(T0, ZoneOffset.UTC));
  private final List<String> calls = new ArrayList<>();
  private final TamperGuard guard = new TamperGuard(health, Clock.fixed(T0, ZoneOffset.UTC))
      .onTamper(() -> calls.add("end session and wipe"))
      .onReport(a -> calls.add("report " + a.kind()));

  @Test
  void opening_the_switch_ends_the_session_first_then_raises_fraudattempt_and_reports() {
    health.setStatus(Peripheral.GPIO, PeripheralHealth.ONLINE);
    health.subscribe(c -> calls.add("health " + c.current().status()));
    guard.accept(new GpioEvent.TamperChanged(true, T0));
    assertThat(calls).containsExactly("end session and wipe", "health FRAUDATTEMPT", "report RAISED");
    assertThat(health.get(Peripheral.GPIO).status()).isEqualTo(PeripheralHealth.FRAUDATTEMPT);
    assertThat(health.get(Peripheral.GPIO).lastError().orElseThrow().code()).isEqualTo(TamperGuard.CODE);
    assertThat(guard.alarmed()).isTrue();
  }

  @Test
  void alarm_latches_until_acknowledged_with_switch_closed() {
    guard.switchOpened();
    assertThat(guard.acknowledge()).isFalse();              // still open
    guard.switchClosed();
    assertThat(health.get(Peripheral.GPIO).status()).isEqualTo(PeripheralHealth.FRAUDATTEMPT);
    assertThat(guard.acknowledge()).isTrue();
    assertThat(guard.alarmed()).isFalse();
    assertThat(health.get(Peripheral.GPIO).status()).isEqualTo(PeripheralHealth.ONLINE);
    assertThat(calls).containsExactly("end session and wipe", "report RAISED", "report SWITCH_CLOSED",
        "report ACKNOWLEDGED");
  }

  @Test
  void reopening_while_latched_wipes_again_but_raises_once() {
    guard.switchOpened();
    guard.switchClosed();
    guard.switchOpened();
    assertThat(calls).containsExactly("end session and wipe", "report RAISED", "report SWITCH_CLOSED",
        "end session and wipe");
  }

  @Test
  void presence_events_are_ignored_and_a_failing_action_does_not_stop_the_alarm() {
    guard.accept(new GpioEvent.PresenceChanged(true, T0));
    assertThat(calls).isEmpty();
    TamperGuard g = new TamperGuard(health, Clock.systemUTC()).onTamper(() -> {
      throw new IllegalStateException("runner gone");
    });
    g.switchOpened();
    assertThat(health.get(Peripheral.GPIO).status()).isEqualTo(PeripheralHealth.FRAUDATTEMPT);
  }
}
