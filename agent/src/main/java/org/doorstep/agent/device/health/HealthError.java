package org.doorstep.agent.device.health;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.doorstep.agent.model.DeviceFault;

/**
 * The last error a peripheral reported.
 *
 * @param code a stable, upper-case code ({@code PAPER_OUT}, {@code TAMPER_OPEN}, {@code
 *             POWER_CYCLE_FAILED}, a {@link DeviceFault} name …) that host software can match on
 * @param text plain words for staff ("printer is out of paper"), at most {@value #MAX_TEXT_LENGTH}
 *             characters. Never personal data: a fixed text per code, not an exception message that
 *             may carry card content
 * @param at   when it happened (the registry's clock)
 */
public record HealthError(String code, String text, Instant at) {
  /** Longest accepted {@link #text()}: a line on a status page, not a log. */
  public static final int MAX_TEXT_LENGTH = 200;
  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  public HealthError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(at, "at");
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("code: must match [A-Z][A-Z0-9_]{0,63}, was '" + code + "'");
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException("text: must not be blank");
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException("text: must be at most " + MAX_TEXT_LENGTH + " characters");
    }
  }

  /** An error whose code is the fault's name. */
  public static HealthError of(DeviceFault fault, String text, Instant at) {
    return new HealthError(Objects.requireNonNull(fault, "fault").name(), text, at);
  }
}
