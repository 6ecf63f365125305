package org.doorstep.fleet.alarms.rules;

import java.util.Objects;

/**
 * A raised condition: how bad and what was seen.
 *
 * @param severity severity of the alarm it raises
 * @param detail   what was seen, for operators (no personal data)
 */
public record Condition(Severity severity, String detail) {
  public Condition {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(detail, "detail");
  }
}
