package org.doorstep.config.contract;

/** Argument checks for compact constructors: each names the member it refuses. */
final class Checks {
  private Checks() {}

  static void notNull(String name, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(name + ": is required");
    }
  }

  static void notBlank(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + ": must not be blank");
    }
  }

  static void maxLength(String name, String value, int max) {
    if (value.length() > max) {
      throw new IllegalArgumentException(name + ": at most " + max + " characters");
    }
  }

  static void milli(String name, int value) {
    if (value < 0 || value > 1000) {
      throw new IllegalArgumentException(name + ": must be in 0..1000, was " + value);
    }
  }

  static void deviceId(String name, String value) {
    if (!Topics.isValidDeviceId(value)) {
      throw new IllegalArgumentException(name + ": must match [A-Za-z0-9._-]{1,64}");
    }
  }
}
