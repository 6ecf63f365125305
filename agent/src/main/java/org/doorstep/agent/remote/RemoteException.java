package org.doorstep.agent.remote;

import java.util.Objects;

/** A failure of remote control (config apply, command store), with its reason. */
public final class RemoteException extends RuntimeException {
  /** What went wrong. */
  public enum Reason {
    /** The control store (SQLite) or the config slots (files) could not be read or written. */
    STORE,
    /** A verified config could not be put into force. */
    APPLY_FAILED,
    /** A command handler is missing or failed. */
    HANDLER
  }

  private final Reason reason;

  public RemoteException(Reason reason, String message) {
    this(reason, message, null);
  }

  public RemoteException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }
}
