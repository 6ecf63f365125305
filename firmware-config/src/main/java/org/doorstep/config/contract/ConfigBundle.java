package org.doorstep.config.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The body of a retained {@link MessageType#CONFIG}: the desired configuration of a device, signed
 * by the fleet's config key. Versions only grow; an agent refuses a version lower than the one it has.
 *
 * @param version  monotonic config version
 * @param config   the configuration document (see {@code org.doorstep.config.profile})
 * @param deviceId optional target device (wire member {@code deviceId}, added within v1 as an optional
 *                 member): when present, an agent refuses the bundle unless it names itself, so a
 *                 bundle signed for one device cannot be replayed onto another's topic. Omitted when empty.
 */
public record ConfigBundle(@JsonProperty(required = true) long version, JsonNode config, Optional<String> deviceId) {
  /** A bundle for any device (no {@code deviceId} member). */
  public ConfigBundle(long version, JsonNode config) {
    this(version, config, Optional.empty());
  }

  /** Validates: version &gt;= 1, config an object, deviceId (when present) a valid device id. */
  public ConfigBundle {
    deviceId = deviceId == null ? Optional.empty() : deviceId;
    deviceId.ifPresent(id -> Checks.deviceId("deviceId", id));
    if (version < 1) {
      throw new IllegalArgumentException("version: must be >= 1, was " + version);
    }
    if (config == null || !config.isObject()) {
      throw new IllegalArgumentException("config: must be a JSON object");
    }
  }
}
