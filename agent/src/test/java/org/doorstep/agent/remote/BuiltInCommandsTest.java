package org.doorstep.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.PaperState;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.config.contract.CommandResult;
import org.junit.jupiter.api.Test;

class BuiltInCommandsTest {
  private final HealthRegistry health = new HealthRegistry(Clock.fixed(Instant.parse("2026-12-07T08:00:00Z"),
      ZoneOffset.UTC));

  @Test
  void self_test_passes_when_every_configured_peripheral_is_online_and_leaves_out_the_absent_ones() {
    health.setStatus(Peripheral.ID_CARD_READER, PeripheralHealth.ONLINE);
    health.setStatus(Peripheral.PRINTER, PeripheralHealth.ONLINE);
    health.setPaper(Peripheral.PRINTER, PaperState.LOW);
    CommandHandler.Outcome o = BuiltInCommands.selfTestOutcome(health.snapshot());
    assertThat(o.status()).isEqualTo(CommandResult.Status.DONE);
    assertThat(o.detail()).isEqualTo("self-test passed: idCardReader ONLINE, printer ONLINE (paper LOW)");
  }

  @Test
  void self_test_fails_naming_each_problem_with_its_last_error() {
    health.setStatus(Peripheral.ID_CARD_READER, PeripheralHealth.ONLINE);
    health.report(Peripheral.PRINTER, PeripheralHealth.HWERROR, "COVER_OPEN", "printer cover open");
    health.setStatus(Peripheral.CAMERA, PeripheralHealth.OFFLINE);
    CommandHandler.Outcome o = BuiltInCommands.selfTestOutcome(health.snapshot());
    assertThat(o.status()).isEqualTo(CommandResult.Status.FAILED);
    assertThat(o.detail()).startsWith("self-test found 2 problem(s): ")
        .contains("printer HWERROR (paper UNKNOWN): COVER_OPEN printer cover open")
        .contains("camera OFFLINE")
        .endsWith("| all: idCardReader ONLINE, printer HWERROR (paper UNKNOWN), camera OFFLINE");
  }

  @Test
  void self_test_with_paper_out_fails_even_when_the_printer_answers() {
    health.setStatus(Peripheral.PRINTER, PeripheralHealth.ONLINE);
    health.setPaper(Peripheral.PRINTER, PaperState.OUT);
    assertThat(BuiltInCommands.selfTestOutcome(health.snapshot()).status()).isEqualTo(CommandResult.Status.FAILED);
  }

  @Test
  void self_test_without_any_peripheral_fails() {
    assertThat(BuiltInCommands.selfTestOutcome(health.snapshot()).detail())
        .isEqualTo("self-test: no peripheral is configured");
  }
}
