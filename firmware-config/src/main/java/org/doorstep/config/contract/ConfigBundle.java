package org.doorstep.config.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of a retained {@link MessageType#CONFIG}: the desired configuration of a device, signed
 * by the fleet's config key. Versions only grow; an agent refuses a version lower than the one it has.
 *
 * @param version monotonic config version
 * @param config  the configuration document (see {@code org.doorstep.config.profile})
 */
public record ConfigBundle(@JsonProperty(required = true) long version, JsonNode config) {
  public ConfigBundle {
    if (version < 1) {
      throw new IllegalArgumentException("version: must be >= 1, was " + version);
    }
    if (config == null || !config.isObject()) {
      throw new IllegalArgumentException("config: must be a JSON object");
    }
  }
}
