package org.doorstep.config.profile;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration could not be loaded: it is unreadable, malformed, or breaks one or more rules.
 * Carries <em>every</em> violation found, each with its path, so that an operator fixes a file in
 * one round. The message lists them one per line. Carries no stack trace: a bad config file is an
 * expected failure, reported to a person, not a bug.
 */
public final class ConfigException extends RuntimeException {
  private final List<ConfigViolation> violations;

  /**
   * @param violations what is wrong; at least one
   * @throws IllegalArgumentException when {@code violations} is empty
   */
  public ConfigException(List<ConfigViolation> violations) {
    super(format(violations), null, false, false);
    this.violations = List.copyOf(violations);
  }

  private static String format(List<ConfigViolation> violations) {
    if (violations == null || violations.isEmpty()) {
      throw new IllegalArgumentException("violations: at least one required");
    }
    return violations.size() + (violations.size() == 1 ? " violation" : " violations") + ":\n"
        + violations.stream().map(v -> "  " + v).collect(Collectors.joining("\n"));
  }

  /**
   * Every violation: unknown keys and wrong types first, then broken rules, each group in the key
   * order of the built-in defaults.
   */
  public List<ConfigViolation> violations() {
    return violations;
  }

  /** Every violation as {@code path: message} text. */
  public List<String> messages() {
    return violations.stream().map(ConfigViolation::toString).toList();
  }
}
