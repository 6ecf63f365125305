package org.doorstep.fleet.config;

import java.util.List;

/**
 * The fleet config cannot be used. Carries every violation found, each with its path
 * ({@code broker.embedded.port: must be in 0..65535}); the message lists them one per line.
 */
public final class ConfigException extends RuntimeException {
  private final List<String> violations;

  public ConfigException(String source, List<String> violations) {
    super(source + ": " + violations.size() + " problem(s)\n  " + String.join("\n  ", violations), null, false, false);
    this.violations = List.copyOf(violations);
  }

  /** Each violation, prefixed by its path. */
  public List<String> violations() {
    return violations;
  }
}
