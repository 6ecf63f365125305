package org.doorstep.agent.device.printer;

/** Line justification, {@code ESC a n} (PERIPHERALS.md §3). */
public enum Align {
  LEFT(0), CENTRE(1), RIGHT(2);

  private final int code;

  Align(int code) {
    this.code = code;
  }

  /** The {@code n} of {@code ESC a n}. */
  public int code() {
    return code;
  }

  /** The alignment for {@code n} of {@code ESC a n} (0/48, 1/49, 2/50), left for anything else. */
  public static Align ofCode(int n) {
    return switch (n) {
      case 1, 49 -> CENTRE;
      case 2, 50 -> RIGHT;
      default -> LEFT;
    };
  }
}
