package org.doorstep.fleet.store;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the console calls a device's state, derived from a {@link DeviceOverview} exactly as the store's SQL
 * derives it ({@link DeviceQuery#status()}, {@link DeviceCounts}): revoked first (whatever it last said), then
 * never-seen (no state message stored), then the last state's online flag.
 */
public enum DeviceStatus {
  ONLINE("online"),
  OFFLINE("offline"),
  NEVER_SEEN("never-seen"),
  REVOKED("revoked");

  private final String wireName;

  DeviceStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the REST API and its query parameter ({@code never-seen}). */
  public String wireName() {
    return wireName;
  }

  /** The status of one device. */
  public static DeviceStatus of(DeviceOverview o) {
    if (o.device().revoked()) {
      return REVOKED;
    }
    if (o.stateJson().isEmpty()) {
      return NEVER_SEEN;
    }
    return o.online().orElse(false) ? ONLINE : OFFLINE;
  }

  /** The status named {@code wireName}; empty when none is. */
  public static Optional<DeviceStatus> ofWireName(String wireName) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
  }

  /** {@code online, offline, never-seen, revoked}, for error messages. */
  public static String wireNames() {
    return Arrays.stream(values()).map(DeviceStatus::wireName).collect(Collectors.joining(", "));
  }
}
