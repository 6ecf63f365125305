package org.doorstep.config.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A card holder's ID number (居民身份证号码 or permit number). Sensitive: {@link #toString()} masks it
 * to at most the first 3 and last 4 characters ({@code 110***********123X}); the raw value comes only
 * from {@link #unmasked()}, so a search for that name finds every place that sees it.
 *
 * <p>On the wire it is the plain string (the record is signed and travels over TLS to the fleet,
 * which needs it to match the recipient); checksum rules live with the card reader (GB 11643).
 */
public final class IdNumber {
  private final String value;

  private IdNumber(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("idNumber: must not be blank");
    }
    if (value.length() > 32) {
      throw new IllegalArgumentException("idNumber: at most 32 characters");
    }
    this.value = value;
  }

  @JsonCreator
  public static IdNumber of(String value) {
    return new IdNumber(value);
  }

  /** The raw number. Never log it. */
  @JsonValue
  public String unmasked() {
    return value;
  }

  /** First 3 and last 4 characters, the rest as {@code *}; shorter values are fully starred. */
  public String masked() {
    return mask(value, 3, 4);
  }

  static String mask(String v, int head, int tail) {
    if (v.length() <= head + tail) {
      return "*".repeat(v.length());
    }
    return v.substring(0, head) + "*".repeat(v.length() - head - tail) + v.substring(v.length() - tail);
  }

  @Override
  public String toString() {
    return masked();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdNumber other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
