package org.doorstep.agent.device.health;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The health of every {@link Peripheral} at one moment. Immutable and complete: every peripheral has
 * an entry (NODEVICE when not configured).
 *
 * @param peripherals one status per peripheral, in {@link Peripheral} order
 * @param version     increases by one with every change the registry makes (0 for the initial state);
 *                    compare versions to know which of two snapshots is newer
 * @param takenAt     when the last change was made
 */
public record DeviceHealthSnapshot(Map<Peripheral, PeripheralStatus> peripherals, long version, Instant takenAt) {

  public DeviceHealthSnapshot {
    Objects.requireNonNull(peripherals, "peripherals");
    Objects.requireNonNull(takenAt, "takenAt");
    if (version < 0) {
      throw new IllegalArgumentException("version: must be >= 0");
    }
    EnumMap<Peripheral, PeripheralStatus> copy = new EnumMap<>(Peripheral.class);
    copy.putAll(peripherals);
    for (Peripheral p : Peripheral.values()) {
      PeripheralStatus s = copy.get(p);
      if (s == null) {
        throw new IllegalArgumentException("peripherals: missing " + p.key());
      }
      if (s.peripheral() != p) {
        throw new IllegalArgumentException("peripherals." + p.key() + ": holds the status of " + s.peripheral().key());
      }
    }
    peripherals = Collections.unmodifiableMap(copy);
  }

  /** The status of {@code peripheral}. */
  public PeripheralStatus get(Peripheral peripheral) {
    return peripherals.get(Objects.requireNonNull(peripheral, "peripheral"));
  }

  /** The statuses in {@link Peripheral} order. */
  public List<PeripheralStatus> all() {
    return List.copyOf(peripherals.values());
  }

  /**
   * Wire name → status word, as {@link org.doorstep.config.contract.DeviceState#peripherals()} carries it
   * in the retained state message ({@code {"camera":"ONLINE","gpio":"NODEVICE",…}}).
   */
  public Map<String, String> statusWords() {
    Map<String, String> m = new LinkedHashMap<>();
    peripherals.forEach((p, s) -> m.put(p.key(), s.status().name()));
    return Collections.unmodifiableMap(m);
  }

  /**
   * Wire name → fault code of each peripheral that is not fully well, as the optional
   * {@link org.doorstep.config.contract.DeviceState#faults()} carries it: a printer's paper
   * {@code PAPER_OUT} or {@code PAPER_LOW} first (the fleet's PAPER_OUT / PAPER_LOW alarms), else the
   * last error's code of a peripheral out of service or under fraud ({@code TAMPER_OPEN},
   * {@code COVER_OPEN} …). Empty when all are well.
   */
  public Map<String, String> faultCodes() {
    Map<String, String> m = new LinkedHashMap<>();
    peripherals.forEach((p, s) -> {
      if (s.paper() == PaperState.OUT) {
        m.put(p.key(), "PAPER_OUT");
      } else if (s.paper() == PaperState.LOW) {
        m.put(p.key(), "PAPER_LOW");
      } else if ((s.isOutOfService() || s.isFraud()) && s.lastError().isPresent()) {
        m.put(p.key(), s.lastError().get().code());
      }
    });
    return Collections.unmodifiableMap(m);
  }

  /** Whether any peripheral reports FRAUDATTEMPT or POTENTIALFRAUD. */
  public boolean anyFraud() {
    return peripherals.values().stream().anyMatch(PeripheralStatus::isFraud);
  }

  /** Whether any configured peripheral is OFFLINE, POWEROFF or HWERROR. */
  public boolean anyOutOfService() {
    return peripherals.values().stream().anyMatch(PeripheralStatus::isOutOfService);
  }
}
