package org.doorstep.fleet.devices;

/**
 * A registry request was refused. Expected and frequent enough (bad input from an operator) that it
 * carries no stack trace; the message names the field and never contains key material.
 */
public final class DeviceException extends RuntimeException {
  /** Why the request was refused. */
  public enum Reason {
    /** A field is missing or invalid (device id pattern, PEM, region). */
    INVALID,
    /** The device id is already registered with another key or region. */
    ALREADY_REGISTERED,
    /** No device has this id. */
    NOT_FOUND
  }

  private final Reason reason;

  public DeviceException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
