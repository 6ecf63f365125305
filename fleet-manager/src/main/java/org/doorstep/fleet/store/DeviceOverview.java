package org.doorstep.fleet.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered device with what the fleet last heard from it.
 *
 * @param device    registration
 * @param online    last reported online flag; empty before the first state message; always
 *                  {@code false} for a revoked device (its last state, or a last will that never
 *                  came, does not make it a working terminal: the fleet refuses everything it sends)
 * @param stateJson canonical JSON of the last {@code DeviceState} body; empty before the first
 * @param stateAt   the last state's {@code reportedAt}
 * @param lastRecordAt when the fleet last stored a record of this device (fleet clock)
 * @param seqGaps   sequence numbers missing below the device's highest stored seq (records never
 *                  received, or lost); 0 when none
 */
public record DeviceOverview(
    RegisteredDevice device,
    Optional<Boolean> online,
    Optional<String> stateJson,
    Optional<Instant> stateAt,
    Optional<Instant> lastRecordAt,
    long seqGaps) {
  /** An overview without gap information. */
  public DeviceOverview(RegisteredDevice device, Optional<Boolean> online, Optional<String> stateJson,
      Optional<Instant> stateAt, Optional<Instant> lastRecordAt) {
    this(device, online, stateJson, stateAt, lastRecordAt, 0);
  }

  /** Validates; empty optionals for nulls. */
  public DeviceOverview {
    if (seqGaps < 0) {
      throw new IllegalArgumentException("seqGaps: must be >= 0, was " + seqGaps);
    }
    Objects.requireNonNull(device, "device");
    online = device.revoked() ? Optional.of(false) : online == null ? Optional.empty() : online;
    stateJson = stateJson == null ? Optional.empty() : stateJson;
    stateAt = stateAt == null ? Optional.empty() : stateAt;
    lastRecordAt = lastRecordAt == null ? Optional.empty() : lastRecordAt;
  }

  /** The later of the last state and the last record; empty if the device never spoke. */
  public Optional<Instant> lastSeen() {
    if (stateAt.isEmpty()) {
      return lastRecordAt;
    }
    if (lastRecordAt.isEmpty()) {
      return stateAt;
    }
    return Optional.of(stateAt.get().isAfter(lastRecordAt.get()) ? stateAt.get() : lastRecordAt.get());
  }
}
