package org.doorstep.fleet.alarms;

/** An alarm operation refused: the reason says which answer the API gives. */
public final class AlarmException extends RuntimeException {
  /** Why. */
  public enum Reason {
    /** No alarm has the id (404). */
    NOT_FOUND,
    /** A request parameter is malformed (400). */
    INVALID
  }

  private final Reason reason;

  public AlarmException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
