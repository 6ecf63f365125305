package org.doorstep.agent.uplink;

/**
 * A publish or subscribe did not go through. Expected while the broker is away, so no stack trace;
 * the outbox keeps the record and the tracker publishes it again.
 */
public final class UplinkException extends RuntimeException {
  /** Why. */
  public enum Reason {
    /** No session with the broker (never connected, lost, or stopping). */
    NOT_CONNECTED,
    /** The broker refused (reason code in the message). */
    REFUSED,
    /** The client failed locally. */
    CLIENT_ERROR
  }

  private final Reason reason;

  public UplinkException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
