package org.doorstep.config.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of a retained {@link MessageType#STATE}: how a terminal is. Published on an interval and
 * on change; the MQTT last will carries the same body with {@code online=false}.
 *
 * @param deviceId      the terminal
 * @param online        false only in the last will (or on a clean shutdown)
 * @param agentVersion  agent software version
 * @param configVersion version of the config bundle in force
 * @param peripherals   device name → health word (XFS-style: ONLINE, OFFLINE, HWERROR, NODEVICE …)
 * @param outboxPending records committed but not yet acked
 * @param reportedAt    device clock when this state was taken
 */
public record DeviceState(
    String deviceId,
    @JsonProperty(required = true) boolean online,
    String agentVersion,
    @JsonProperty(required = true) long configVersion,
    Map<String, String> peripherals,
    @JsonProperty(required = true) long outboxPending,
    Instant reportedAt) {
  public DeviceState {
    if (!Topics.isValidDeviceId(deviceId)) {
      throw new IllegalArgumentException("deviceId: must match [A-Za-z0-9._-]{1,64}");
    }
    Checks.notBlank("agentVersion", agentVersion);
    peripherals = peripherals == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(peripherals));
    if (outboxPending < 0) {
      throw new IllegalArgumentException("outboxPending: must be >= 0");
    }
    Checks.notNull("reportedAt", reportedAt);
  }
}
