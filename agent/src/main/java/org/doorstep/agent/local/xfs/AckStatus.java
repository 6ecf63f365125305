package org.doorstep.agent.local.xfs;

/**
 * Why a command was not accepted: the {@code status} of an acknowledge message (XFS4IoT API specification,
 * "Messages: acknowledge"). An accepted command's acknowledge has {@code status: null}.
 */
public enum AckStatus {
  /** The text is not JSON, or not a message: header missing, wrong type, name missing … */
  INVALID_MESSAGE("invalidMessage"),
  /** The requestId is not an integer above 0, or a command with it is still running on this connection. */
  INVALID_REQUEST_ID("invalidRequestID"),
  /** More commands are running on this connection than the service accepts at once. */
  TOO_MANY_REQUESTS("tooManyRequests");

  private final String wire;

  AckStatus(String wire) {
    this.wire = wire;
  }

  /** The value on the wire. */
  public String wire() {
    return wire;
  }
}
