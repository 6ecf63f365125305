package org.doorstep.agent.device.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthChange;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.PaperState;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.device.idcard.ReaderProblem;
import org.doorstep.agent.device.printer.PrinterProblem;
import org.doorstep.agent.model.DeviceFault;
import org.junit.jupiter.api.Test;

class PeripheralFeedTest {
  private final HealthRegistry health = new HealthRegistry(Clock.systemUTC());
  private final AtomicInteger cycles = new AtomicInteger();
  private final PeripheralFeed reader = new PeripheralFeed(Peripheral.ID_CARD_READER, health, 3,
      cycles::incrementAndGet, () -> false);

  @Test
  void reader_problem_is_the_error_code_and_a_card_problem_keeps_the_reader_online() {
    reader.ok(PeripheralHealth.ONLINE);
    reader.failed(ReaderProblem.PLACE_CARD_FLAT.exception("SELECT_CARD answered 81"));

    assertThat(health.get(Peripheral.ID_CARD_READER).status()).isEqualTo(PeripheralHealth.ONLINE);
    assertThat(health.get(Peripheral.ID_CARD_READER).lastError().orElseThrow().code()).isEqualTo("PLACE_CARD_FLAT");
    assertThat(health.get(Peripheral.ID_CARD_READER).lastError().orElseThrow().text())
        .isEqualTo("ID card reader: place the card flat on the reader and do not move it");
  }

  @Test
  void repeated_no_answer_is_recorded_once_and_every_third_asks_for_a_power_cycle() {
    List<HealthChange> changes = new ArrayList<>();
    health.subscribe(changes::add);
    DeviceException timeout = ReaderProblem.NO_ANSWER.exception("no reply to FIND_CARD");
    for (int i = 0; i < 7; i++) {
      reader.failed(timeout);
    }

    assertThat(health.get(Peripheral.ID_CARD_READER).status()).isEqualTo(PeripheralHealth.OFFLINE);
    assertThat(changes).hasSize(1);
    assertThat(cycles).hasValue(2);
    reader.ok(PeripheralHealth.ONLINE);
    reader.failed(timeout);
    reader.failed(timeout);
    assertThat(cycles).hasValue(2);
  }

  @Test
  void printer_status_sets_paper_and_problem_and_clears_back_to_online() {
    PeripheralFeed printer = new PeripheralFeed(Peripheral.PRINTER, health, 3, () -> { }, () -> false);
    printer.printerStatus(Optional.of(PrinterProblem.PAPER_OUT), PaperState.OUT);
    assertThat(health.get(Peripheral.PRINTER).status()).isEqualTo(PeripheralHealth.HWERROR);
    assertThat(health.get(Peripheral.PRINTER).paper()).isEqualTo(PaperState.OUT);
    assertThat(health.get(Peripheral.PRINTER).lastError().orElseThrow().code()).isEqualTo("PAPER_OUT");

    printer.printerStatus(Optional.empty(), PaperState.FULL);
    assertThat(health.get(Peripheral.PRINTER).status()).isEqualTo(PeripheralHealth.ONLINE);
    assertThat(health.get(Peripheral.PRINTER).paper()).isEqualTo(PaperState.FULL);
  }

  @Test
  void a_simulated_paper_out_fault_is_hwerror_with_paper_out() {
    PeripheralFeed printer = new PeripheralFeed(Peripheral.PRINTER, health, 3, () -> { }, () -> false);
    printer.failed(new DeviceException(DeviceFault.PAPER_OUT, "simulated printer out of paper"));
    assertThat(health.get(Peripheral.PRINTER).status()).isEqualTo(PeripheralHealth.HWERROR);
    assertThat(health.get(Peripheral.PRINTER).paper()).isEqualTo(PaperState.OUT);
  }

  @Test
  void nothing_is_recorded_while_a_power_cycle_owns_the_status() {
    PeripheralFeed cycling = new PeripheralFeed(Peripheral.ID_CARD_READER, health, 3, () -> { }, () -> true);
    cycling.failed(ReaderProblem.NOT_CONNECTED.exception("port gone"));
    assertThat(health.get(Peripheral.ID_CARD_READER).status()).isEqualTo(PeripheralHealth.NODEVICE);
  }

  @Test
  void reader_problem_travels_as_the_exception_reason_not_in_the_message_prefix() {
    DeviceException e = ReaderProblem.CARD_NOT_GENUINE.exception("READ answered 31");
    assertThat(ReaderProblem.of(e)).contains(ReaderProblem.CARD_NOT_GENUINE);
    assertThat(e.reason()).contains(ReaderProblem.CARD_NOT_GENUINE);
    assertThat(ReaderProblem.of(new DeviceException(DeviceFault.TIMEOUT, "[NO_ANSWER] old style"))).isEmpty();
  }
}
