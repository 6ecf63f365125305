package org.doorstep.agent.local.xfs;

/**
 * The {@code completionCode} of a completion message, as the XFS4IoT API specification (CEN/TS 17852,
 * "Messages: completion") spells it on the wire ({@link #wire()}).
 */
public enum CompletionCode {
  SUCCESS("success"),
  /** The command failed for a reason its own {@code errorCode} payload property names. */
  COMMAND_ERROR_CODE("commandErrorCode"),
  CANCELED("canceled"),
  DEVICE_NOT_READY("deviceNotReady"),
  HARDWARE_ERROR("hardwareError"),
  INTERNAL_ERROR("internalError"),
  INVALID_COMMAND("invalidCommand"),
  TIME_OUT("timeOut"),
  UNSUPPORTED_COMMAND("unsupportedCommand"),
  INVALID_DATA("invalidData"),
  FRAUD_ATTEMPT("fraudAttempt"),
  /** The command is not valid now: e.g. the single-use device is busy with another command. */
  SEQUENCE_ERROR("sequenceError");

  private final String wire;

  CompletionCode(String wire) {
    this.wire = wire;
  }

  /** The value on the wire. */
  public String wire() {
    return wire;
  }
}
