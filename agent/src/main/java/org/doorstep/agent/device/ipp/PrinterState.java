package org.doorstep.agent.device.ipp;

import java.util.Optional;

/** printer-state (RFC 8011 §5.4.11). */
public enum PrinterState {
  IDLE(3), PROCESSING(4), STOPPED(5);

  private final int code;

  PrinterState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Optional<PrinterState> of(int code) {
    for (PrinterState s : values()) {
      if (s.code == code) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
