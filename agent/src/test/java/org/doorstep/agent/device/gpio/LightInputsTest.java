package org.doorstep.agent.device.gpio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.PaperState;
import org.doorstep.agent.device.health.Peripheral;
import org.junit.jupiter.api.Test;

class LightInputsTest {
  private final HealthRegistry health = new HealthRegistry(Clock.fixed(Instant.parse("2025-06-01T08:00:00Z"), ZoneOffset.UTC));

  private LightInputs running() {
    return LightInputs.initial(health.snapshot()).on(new LightInputs.Event.Running(true));
  }

  private LightInputs withHealth(LightInputs in) {
    return in.on(new LightInputs.Event.Health(health.snapshot()));
  }

  @Test
  void off_until_running_then_idle() {
    assertThat(LightInputs.initial(health.snapshot()).state()).isEqualTo(LightState.OFF);
    assertThat(running().state()).isEqualTo(LightState.IDLE);
  }

  @Test
  void session_makes_busy_and_its_end_idle() {
    LightInputs busy = running().on(new LightInputs.Event.Session(true));
    assertThat(busy.state()).isEqualTo(LightState.BUSY);
    assertThat(busy.on(new LightInputs.Event.Session(false)).state()).isEqualTo(LightState.IDLE);
  }

  @Test
  void out_of_service_peripheral_is_error_even_during_a_session() {
    LightInputs in = running().on(new LightInputs.Event.Session(true));
    health.setStatus(Peripheral.ID_CARD_READER, PeripheralHealth.OFFLINE);
    assertThat(withHealth(in).state()).isEqualTo(LightState.ERROR);
  }

  @Test
  void paper_out_or_staff_call_needs_staff() {
    health.setStatus(Peripheral.PRINTER, PeripheralHealth.ONLINE);
    health.setPaper(Peripheral.PRINTER, PaperState.LOW);
    assertThat(withHealth(running()).state()).isEqualTo(LightState.IDLE);
    health.setPaper(Peripheral.PRINTER, PaperState.OUT);
    assertThat(withHealth(running()).state()).isEqualTo(LightState.NEEDS_STAFF);
    assertThat(running().on(new LightInputs.Event.StaffCall(true)).state()).isEqualTo(LightState.NEEDS_STAFF);
  }

  @Test
  void tamper_outranks_hardware_error() {
    health.setStatus(Peripheral.PRINTER, PeripheralHealth.HWERROR);
    health.setStatus(Peripheral.GPIO, PeripheralHealth.FRAUDATTEMPT);
    assertThat(withHealth(running()).state()).isEqualTo(LightState.NEEDS_STAFF);
  }

  @Test
  void older_health_snapshot_is_ignored() {
    var old = health.snapshot();
    health.setStatus(Peripheral.CAMERA, PeripheralHealth.HWERROR);
    LightInputs in = withHealth(running());
    assertThat(in.on(new LightInputs.Event.Health(old)).state()).isEqualTo(LightState.ERROR);
  }

  @Test
  void stopping_is_off_whatever_else() {
    health.setStatus(Peripheral.CAMERA, PeripheralHealth.HWERROR);
    LightInputs in = withHealth(running()).on(new LightInputs.Event.Running(false));
    assertThat(in.state()).isEqualTo(LightState.OFF);
  }
}
