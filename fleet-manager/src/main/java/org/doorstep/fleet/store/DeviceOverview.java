package org.doorstep.fleet.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered device with what the fleet last heard from it.
 *
 * @param device    registration
 * @param online    last reported online flag; empty before the first state message
 * @param stateJson canonical JSON of the last {@code DeviceState} body; empty before the first
 * @param stateAt   the last state's {@code reportedAt}
 * @param lastRecordAt when the fleet last stored a record of this device (fleet clock)
 */
public record DeviceOverview(
    RegisteredDevice device,
    Optional<Boolean> online,
    Optional<String> stateJson,
    Optional<Instant> stateAt,
    Optional<Instant> lastRecordAt) {
  public DeviceOverview {
    Objects.requireNonNull(device, "device");
    online = online == null ? Optional.empty() : online;
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
