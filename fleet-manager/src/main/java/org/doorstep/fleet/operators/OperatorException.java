package org.doorstep.fleet.operators;

/**
 * An operator request was refused or an operator could not be authenticated. The message never
 * contains a token; {@link #reason()} is logged and returned to the client with its HTTP status.
 */
public final class OperatorException extends RuntimeException {

  /** Why, with the HTTP status the API answers. */
  public enum Reason {
    /** No {@code Authorization: Bearer …} header. */
    NO_TOKEN(401),
    /** No operator has this token. */
    UNKNOWN_TOKEN(401),
    /** The operator's account is revoked. */
    TOKEN_REVOKED(401),
    /** The operator's role does not allow this. */
    FORBIDDEN_ROLE(403),
    /** The target (device, token, operator) is outside the operator's region. */
    FORBIDDEN_REGION(403),
    /** A field is missing or invalid. */
    INVALID(400),
    /** The operator name is taken. */
    NAME_TAKEN(409),
    /** No operator has this name. */
    NOT_FOUND(404);

    private final int httpStatus;

    Reason(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** The HTTP status code of this refusal. */
    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Reason reason;

  /** A refusal; no stack trace (expected, frequent). */
  public OperatorException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }
}
