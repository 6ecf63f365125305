package org.doorstep.agent.device.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.model.DeviceFault;
import org.junit.jupiter.api.Test;

class HealthRegistryTest {
  private static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");
  private final HealthRegistry health = new HealthRegistry(Clock.fixed(T0, ZoneOffset.UTC));

  @Test
  void starts_with_every_peripheral_nodevice_and_printer_paper_unknown() {
    DeviceHealthSnapshot s = health.snapshot();
    assertThat(s.version()).isZero();
    assertThat(s.statusWords()).containsExactly(Map.entry("idCardReader", "NODEVICE"), Map.entry("printer", "NODEVICE"),
        Map.entry("camera", "NODEVICE"), Map.entry("gpio", "NODEVICE"), Map.entry("formPrinter", "NODEVICE"),
        Map.entry("documentCamera", "NODEVICE"), Map.entry("socialSecurityCard", "NODEVICE"));
    assertThat(s.get(Peripheral.PRINTER).paper()).isEqualTo(PaperState.UNKNOWN);
    assertThat(s.get(Peripheral.CAMERA).paper()).isEqualTo(PaperState.NOTSUPPORTED);
    assertThat(s.get(Peripheral.FORM_PRINTER).paper()).isEqualTo(PaperState.UNKNOWN);
    assertThat(s.get(Peripheral.PRINTER).lastError()).isEmpty();
  }

  @Test
  void status_change_is_one_event_with_before_after_and_new_version() {
    List<HealthChange> changes = new ArrayList<>();
    health.subscribe(changes::add);
    health.setStatus(Peripheral.ID_CARD_READER, PeripheralHealth.ONLINE);
    health.setStatus(Peripheral.ID_CARD_READER, PeripheralHealth.ONLINE);   // no change, no event
    assertThat(changes).hasSize(1);
    HealthChange c = changes.get(0);
    assertThat(c.peripheral()).isEqualTo(Peripheral.ID_CARD_READER);
    assertThat(c.previous().status()).isEqualTo(PeripheralHealth.NODEVICE);
    assertThat(c.current().status()).isEqualTo(PeripheralHealth.ONLINE);
    assertThat(c.statusChanged()).isTrue();
    assertThat(c.snapshot().version()).isEqualTo(1);
    assertThat(health.snapshot().statusWords()).containsEntry("idCardReader", "ONLINE");
  }

  @Test
  void report_keeps_code_text_and_time_of_last_error() {
    health.report(Peripheral.PRINTER, PeripheralHealth.HWERROR, "COVER_OPEN", "printer cover is open");
    PeripheralStatus p = health.get(Peripheral.PRINTER);
    assertThat(p.status()).isEqualTo(PeripheralHealth.HWERROR);
    assertThat(p.lastError()).hasValue(new HealthError("COVER_OPEN", "printer cover is open", T0));
    health.setStatus(Peripheral.PRINTER, PeripheralHealth.ONLINE);
    assertThat(health.get(Peripheral.PRINTER).lastError()).isPresent();   // kept after recovery
  }

  @Test
  void fault_decides_status_word() {
    health.setStatus(Peripheral.ID_CARD_READER, PeripheralHealth.ONLINE);
    health.reportFault(Peripheral.ID_CARD_READER, DeviceFault.CARD_UNREADABLE, "card could not be read");
    assertThat(health.get(Peripheral.ID_CARD_READER).status()).isEqualTo(PeripheralHealth.ONLINE);
    assertThat(health.get(Peripheral.ID_CARD_READER).lastError().orElseThrow().code()).isEqualTo("CARD_UNREADABLE");
    health.reportFault(Peripheral.ID_CARD_READER, DeviceFault.TIMEOUT, "reader did not answer");
    assertThat(health.get(Peripheral.ID_CARD_READER).status()).isEqualTo(PeripheralHealth.OFFLINE);
    health.reportFault(Peripheral.PRINTER, DeviceFault.PAPER_OUT, "printer is out of paper");
    assertThat(health.get(Peripheral.PRINTER).status()).isEqualTo(PeripheralHealth.HWERROR);
    assertThat(health.get(Peripheral.PRINTER).paper()).isEqualTo(PaperState.OUT);
    health.reportFault(Peripheral.CAMERA, DeviceFault.HARDWARE_ERROR, "camera reports an error");
    assertThat(health.get(Peripheral.CAMERA).status()).isEqualTo(PeripheralHealth.HWERROR);
  }

  @Test
  void paper_is_ignored_for_peripherals_without_paper() {
    health.setPaper(Peripheral.CAMERA, PaperState.LOW);
    health.setPaper(Peripheral.PRINTER, PaperState.LOW);
    assertThat(health.get(Peripheral.CAMERA).paper()).isEqualTo(PaperState.NOTSUPPORTED);
    assertThat(health.get(Peripheral.PRINTER).paper()).isEqualTo(PaperState.LOW);
  }

  @Test
  void update_made_by_a_listener_is_delivered_after_the_current_one_in_version_order() {
    List<Long> versions = new CopyOnWriteArrayList<>();
    health.subscribe(c -> {
      versions.add(c.snapshot().version());
      if (c.peripheral() == Peripheral.PRINTER) {
        health.setStatus(Peripheral.GPIO, PeripheralHealth.ONLINE);
      }
    });
    health.subscribe(c -> versions.add(100 + c.snapshot().version()));
    health.setStatus(Peripheral.PRINTER, PeripheralHealth.ONLINE);
    assertThat(versions).containsExactly(1L, 101L, 2L, 102L);
  }

  @Test
  void failing_listener_does_not_stop_others_or_the_update() throws Exception {
    List<HealthChange> seen = new ArrayList<>();
    health.subscribe(c -> {
      throw new IllegalStateException("boom");
    });
    AutoCloseable sub = health.subscribe(seen::add);
    health.setStatus(Peripheral.CAMERA, PeripheralHealth.ONLINE);
    assertThat(seen).hasSize(1);
    sub.close();
    health.setStatus(Peripheral.CAMERA, PeripheralHealth.OFFLINE);
    assertThat(seen).hasSize(1);
    assertThat(health.get(Peripheral.CAMERA).status()).isEqualTo(PeripheralHealth.OFFLINE);
  }

  @Test
  void concurrent_updates_are_all_counted() throws Exception {
    health.subscribe(c -> { });
    List<Thread> threads = new ArrayList<>();
    for (Peripheral p : Peripheral.values()) {
      threads.add(new Thread(() -> {
        for (int i = 0; i < 500; i++) {
          health.setStatus(p, i % 2 == 0 ? PeripheralHealth.ONLINE : PeripheralHealth.BUSY);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(health.snapshot().version()).isEqualTo(Peripheral.values().length * 500L);
  }

  @Test
  void error_values_are_validated() {
    assertThatThrownBy(() -> new HealthError("paper out", "x", T0)).hasMessageStartingWith("code:");
    assertThatThrownBy(() -> new HealthError("PAPER_OUT", " ", T0)).hasMessageStartingWith("text:");
    assertThatThrownBy(() -> new HealthError("PAPER_OUT", "x".repeat(201), T0)).hasMessageStartingWith("text:");
    assertThatThrownBy(() -> new PeripheralStatus(Peripheral.CAMERA, PeripheralHealth.ONLINE, PaperState.FULL,
        java.util.Optional.empty(), T0)).hasMessageStartingWith("paper:");
  }

  @Test
  void snapshot_reports_fraud_and_out_of_service() {
    assertThat(health.snapshot().anyFraud()).isFalse();
    assertThat(health.snapshot().anyOutOfService()).isFalse();
    health.setStatus(Peripheral.GPIO, PeripheralHealth.FRAUDATTEMPT);
    health.setStatus(Peripheral.PRINTER, PeripheralHealth.POWEROFF);
    assertThat(health.snapshot().anyFraud()).isTrue();
    assertThat(health.snapshot().anyOutOfService()).isTrue();
  }

  @Test
  void fault_codes_name_paper_first_then_the_last_error_of_a_peripheral_out_of_service() {
    health.setStatus(Peripheral.PRINTER, PeripheralHealth.ONLINE);
    health.setStatus(Peripheral.CAMERA, PeripheralHealth.ONLINE);
    assertThat(health.snapshot().faultCodes()).isEmpty();
    health.setPaper(Peripheral.PRINTER, PaperState.LOW);
    assertThat(health.snapshot().faultCodes()).containsExactly(java.util.Map.entry("printer", "PAPER_LOW"));
    health.report(Peripheral.PRINTER, PeripheralHealth.HWERROR, "PAPER_OUT", "printer is out of paper");
    health.setPaper(Peripheral.PRINTER, PaperState.OUT);
    health.report(Peripheral.GPIO, PeripheralHealth.FRAUDATTEMPT, "TAMPER_OPEN", "tamper switch opened");
    assertThat(health.snapshot().faultCodes()).containsOnly(java.util.Map.entry("printer", "PAPER_OUT"),
        java.util.Map.entry("gpio", "TAMPER_OPEN"));
    // Recovered: the last error is kept for staff, but it is no fault any more.
    health.setStatus(Peripheral.GPIO, PeripheralHealth.ONLINE);
    health.setPaper(Peripheral.PRINTER, PaperState.FULL);
    health.setStatus(Peripheral.PRINTER, PeripheralHealth.ONLINE);
    assertThat(health.snapshot().faultCodes()).isEmpty();
  }
}
