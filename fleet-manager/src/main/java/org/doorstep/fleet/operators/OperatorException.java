package org.doorstep.fleet.operators;

/**
 * An operator request was refused or an operator could not be authenticated. The message never
 * contains a token; {@link #reason()} is logged and returned to the client with its HTTP status.
 */
public class OperatorException extends RuntimeException {

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
    NOT_FOUND(404),
    /** The operator's API token is past its expiry: the account needs a new one. */
    TOKEN_EXPIRED(401),
    /** Password sign-in: the name and password do not match an account with a password (which one is not said). */
    BAD_CREDENTIALS(401),
    /** Password sign-in: too many failures in a row; refused until the lock ends (answered with Retry-After). */
    LOCKED(429),
    /** The session cookie names no session (signed out, or never signed in). */
    UNKNOWN_SESSION(401),
    /** The session ended: unused too long, or older than a working day. */
    SESSION_EXPIRED(401),
    /** A state-changing request with a session cookie lacks the session's CSRF token ({@code X-CSRF-Token}). */
    CSRF(403);

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
