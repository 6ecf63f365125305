package org.doorstep.config.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A person's name. Sensitive: {@link #toString()} keeps the first character only ({@code 张*},
 * {@code J***}); the raw value comes only from {@link #unmasked()}.
 */
public final class PersonName {
  private final String value;

  private PersonName(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("name: must not be blank");
    }
    if (value.length() > 120) {
      throw new IllegalArgumentException("name: at most 120 characters");
    }
    this.value = value;
  }

  @JsonCreator
  public static PersonName of(String value) {
    return new PersonName(value);
  }

  /** The raw name. Never log it. */
  @JsonValue
  public String unmasked() {
    return value;
  }

  public String masked() {
    int first = value.offsetByCodePoints(0, 1);
    return value.substring(0, first) + "*".repeat(Math.max(1, value.codePointCount(first, value.length())));
  }

  @Override
  public String toString() {
    return masked();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PersonName other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
