package org.doorstep.agent.device.health;

import java.util.Objects;

/**
 * One peripheral's status changed (status word, paper or last error).
 *
 * @param previous the status before
 * @param current  the status now
 * @param snapshot the whole health after this change (its version orders changes)
 */
public record HealthChange(PeripheralStatus previous, PeripheralStatus current, DeviceHealthSnapshot snapshot) {
  public HealthChange {
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(snapshot, "snapshot");
    if (previous.peripheral() != current.peripheral()) {
      throw new IllegalArgumentException("current: must be the same peripheral as previous");
    }
  }

  /** The peripheral that changed. */
  public Peripheral peripheral() {
    return current.peripheral();
  }

  /** Whether the status word changed (not only paper or last error). */
  public boolean statusChanged() {
    return previous.status() != current.status();
  }
}
