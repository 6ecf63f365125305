package org.doorstep.fleet.alarms.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.doorstep.config.contract.DeviceState;
import org.junit.jupiter.api.Test;

class AlarmConditionsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
  private static final AlarmThresholds T = AlarmThresholds.defaults();
  private static final Map<String, String> WELL = Map.of("idCardReader", "ONLINE", "printer", "ONLINE", "camera",
      "ONLINE", "gpio", "ONLINE");

  private static DeviceState state(boolean online, Map<String, String> peripherals, Map<String, String> faults,
      long pending, Optional<Instant> oldest, Instant reportedAt) {
    return new DeviceState("kiosk-1", online, "0.1.0", 3, peripherals, pending, reportedAt, faults, oldest);
  }

  private static Map<AlarmType, Condition> heardNow(DeviceState s) {
    return AlarmConditions.device(DeviceFacts.of("kiosk-1").withState(s, NOW), T, NOW);
  }

  @Test
  void a_well_kiosk_raises_nothing() {
    assertThat(heardNow(state(true, WELL, Map.of(), 0, Optional.empty(), NOW))).isEmpty();
  }

  @Test
  void a_kiosk_never_heard_raises_nothing_but_its_certificate() {
    assertThat(AlarmConditions.device(DeviceFacts.of("k"), T, NOW)).isEmpty();
    var facts = DeviceFacts.of("k").withCertificateNotAfter(Optional.of(NOW.plus(Duration.ofDays(6))));
    assertThat(AlarmConditions.device(facts, T, NOW)).containsOnlyKeys(AlarmType.CERT_EXPIRING);
    assertThat(AlarmConditions.device(facts, T, NOW).get(AlarmType.CERT_EXPIRING).severity()).isEqualTo(Severity.MINOR);
    var expired = DeviceFacts.of("k").withCertificateNotAfter(Optional.of(NOW.minusSeconds(1)));
    assertThat(AlarmConditions.device(expired, T, NOW).get(AlarmType.CERT_EXPIRING).severity()).isEqualTo(Severity.MAJOR);
    var fine = DeviceFacts.of("k").withCertificateNotAfter(Optional.of(NOW.plus(Duration.ofDays(8))));
    assertThat(AlarmConditions.device(fine, T, NOW)).isEmpty();
  }

  @Test
  void the_last_will_raises_offline_at_once() {
    Map<AlarmType, Condition> r = heardNow(state(false, WELL, Map.of(), 0, Optional.empty(), NOW));
    assertThat(r).containsOnlyKeys(AlarmType.OFFLINE);
    assertThat(r.get(AlarmType.OFFLINE).severity()).isEqualTo(Severity.MAJOR);
  }

  @Test
  void silence_for_offline_after_heartbeats_raises_offline_and_not_before() {
    DeviceFacts f = DeviceFacts.of("kiosk-1").withState(state(true, WELL, Map.of(), 0, Optional.empty(), NOW), NOW);
    Duration limit = T.offlineAfter(); // 2 × 30 s
    assertThat(AlarmConditions.device(f, T, NOW.plus(limit).minusMillis(1))).doesNotContainKey(AlarmType.OFFLINE);
    assertThat(AlarmConditions.device(f, T, NOW.plus(limit))).containsKey(AlarmType.OFFLINE);
  }

  @Test
  void paper_out_is_paper_out_not_a_printer_fault_and_paper_low_a_warning() {
    Map<String, String> p = new java.util.HashMap<>(WELL);
    p.put("printer", "HWERROR");
    Map<AlarmType, Condition> out = heardNow(state(true, p, Map.of("printer", "PAPER_OUT"), 0, Optional.empty(), NOW));
    assertThat(out).containsOnlyKeys(AlarmType.PAPER_OUT);
    assertThat(out.get(AlarmType.PAPER_OUT).severity()).isEqualTo(Severity.MAJOR);
    assertThat(out.get(AlarmType.PAPER_OUT).detail()).isEqualTo("printer: HWERROR PAPER_OUT");
    Map<AlarmType, Condition> low = heardNow(state(true, WELL, Map.of("printer", "PAPER_LOW"), 0, Optional.empty(), NOW));
    assertThat(low).containsOnlyKeys(AlarmType.PAPER_LOW);
    assertThat(low.get(AlarmType.PAPER_LOW).severity()).isEqualTo(Severity.WARNING);
    Map<AlarmType, Condition> jam = heardNow(state(true, p, Map.of("printer", "HARDWARE_ERROR"), 0, Optional.empty(), NOW));
    assertThat(jam).containsOnlyKeys(AlarmType.PRINTER_FAULT);
    assertThat(jam.get(AlarmType.PRINTER_FAULT).severity()).isEqualTo(Severity.MINOR);
  }

  @Test
  void reader_camera_faults_by_peripheral_name_and_nodevice_is_no_fault() {
    Map<AlarmType, Condition> r = heardNow(state(true, Map.of("idCardReader", "OFFLINE", "socialSecurityCard", "HWERROR",
        "documentCamera", "POWEROFF", "formPrinter", "NODEVICE", "camera", "BUSY"), Map.of(), 0, Optional.empty(), NOW));
    assertThat(r).containsOnlyKeys(AlarmType.READER_FAULT, AlarmType.CAMERA_FAULT);
    assertThat(r.get(AlarmType.READER_FAULT).detail()).isEqualTo("idCardReader: OFFLINE, socialSecurityCard: HWERROR");
    assertThat(r.get(AlarmType.CAMERA_FAULT).severity()).isEqualTo(Severity.MAJOR);
  }

  @Test
  void fraud_attempt_is_a_critical_tamper() {
    Map<String, String> p = new java.util.HashMap<>(WELL);
    p.put("gpio", "FRAUDATTEMPT");
    Map<AlarmType, Condition> r = heardNow(state(true, p, Map.of("gpio", "TAMPER_OPEN"), 0, Optional.empty(), NOW));
    assertThat(r).containsOnlyKeys(AlarmType.TAMPER);
    assertThat(r.get(AlarmType.TAMPER).severity()).isEqualTo(Severity.CRITICAL);
    p.put("gpio", "POTENTIALFRAUD");
    assertThat(heardNow(state(true, p, Map.of(), 0, Optional.empty(), NOW)).get(AlarmType.TAMPER).severity())
        .isEqualTo(Severity.MAJOR);
  }

  @Test
  void backlog_by_count_is_minor_and_by_age_major() {
    assertThat(heardNow(state(true, WELL, Map.of(), 100, Optional.empty(), NOW))).isEmpty();
    Map<AlarmType, Condition> many = heardNow(state(true, WELL, Map.of(), 101, Optional.of(NOW.minusSeconds(60)), NOW));
    assertThat(many.get(AlarmType.OUTBOX_BACKLOG).severity()).isEqualTo(Severity.MINOR);
    Map<AlarmType, Condition> old = heardNow(state(true, WELL, Map.of(), 3, Optional.of(NOW.minus(Duration.ofMinutes(61))), NOW));
    assertThat(old.get(AlarmType.OUTBOX_BACKLOG).severity()).isEqualTo(Severity.MAJOR);
  }

  @Test
  void clock_skew_beyond_the_limit_either_way() {
    assertThat(heardNow(state(true, WELL, Map.of(), 0, Optional.empty(), NOW.minus(Duration.ofMinutes(5))))).isEmpty();
    assertThat(heardNow(state(true, WELL, Map.of(), 0, Optional.empty(), NOW.plus(Duration.ofMinutes(6)))))
        .containsOnlyKeys(AlarmType.CLOCK_SKEW);
    assertThat(heardNow(state(true, WELL, Map.of(), 0, Optional.empty(), NOW.minus(Duration.ofHours(1)))))
        .containsOnlyKeys(AlarmType.CLOCK_SKEW);
  }

  @Test
  void config_refused_until_a_later_version_is_in_force() {
    DeviceFacts f = DeviceFacts.of("kiosk-1").withState(state(true, WELL, Map.of(), 0, Optional.empty(), NOW), NOW)
        .withRefusedConfigVersion(4);
    assertThat(AlarmConditions.device(f, T, NOW)).containsOnlyKeys(AlarmType.CONFIG_REFUSED);
    DeviceState applied = new DeviceState("kiosk-1", true, "0.1.0", 5, WELL, 0, NOW);
    assertThat(AlarmConditions.device(f.withState(applied, NOW), T, NOW)).isEmpty();
  }

  @Test
  void a_revoked_device_raises_nothing() {
    DeviceFacts f = DeviceFacts.of("kiosk-1").withState(state(false, WELL, Map.of(), 0, Optional.empty(), NOW), NOW)
        .withRevoked(true).withCertificateNotAfter(Optional.of(NOW));
    assertThat(AlarmConditions.device(f, T, NOW)).isEmpty();
  }

  @Test
  void fleet_crl_stale_and_store_failing() {
    Instant started = NOW.minus(Duration.ofDays(3));
    assertThat(AlarmConditions.fleet(false, Optional.empty(), started, Optional.empty(), T, NOW)).isEmpty();
    assertThat(AlarmConditions.fleet(true, Optional.of(NOW.minus(Duration.ofDays(1))), started, Optional.empty(), T, NOW))
        .isEmpty();
    assertThat(AlarmConditions.fleet(true, Optional.of(NOW.minus(Duration.ofDays(2))), started, Optional.empty(), T, NOW))
        .containsOnlyKeys(AlarmType.CRL_STALE);
    assertThat(AlarmConditions.fleet(true, Optional.empty(), NOW.minusSeconds(5), Optional.empty(), T, NOW)).isEmpty();
    var failing = AlarmConditions.fleet(false, Optional.empty(), started, Optional.of(NOW.minusSeconds(10)), T, NOW);
    assertThat(failing).containsOnlyKeys(AlarmType.STORE_FAILING);
    assertThat(failing.get(AlarmType.STORE_FAILING).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(AlarmConditions.fleet(false, Optional.empty(), started, Optional.of(NOW.minus(Duration.ofMinutes(5))), T,
        NOW)).isEmpty();
  }
}
