package org.doorstep.fleet.commands;

import java.util.Objects;

/** A command the fleet refuses to send, with its reason. */
public final class CommandException extends RuntimeException {
  /** Why. */
  public enum Reason {
    /** Malformed request (name, args, ttl). HTTP 400. */
    INVALID,
    /** Unknown (or revoked) device, or unknown command id. HTTP 404. */
    NOT_FOUND
  }

  private final Reason reason;

  public CommandException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
