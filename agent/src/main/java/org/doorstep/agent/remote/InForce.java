package org.doorstep.agent.remote;

import java.util.Objects;
import org.doorstep.config.profile.DoorstepConfig;

/**
 * The configuration an agent runs with and the bundle version it came from.
 *
 * @param config  the effective configuration: the local file with the bundle's document over it
 * @param version the bundle's version; 0 when no bundle is in force (the local file alone)
 */
public record InForce(DoorstepConfig config, long version) {
  /** Validates. */
  public InForce {
    Objects.requireNonNull(config, "config");
    if (version < 0) {
      throw new IllegalArgumentException("version: must be >= 0, was " + version);
    }
  }
}
