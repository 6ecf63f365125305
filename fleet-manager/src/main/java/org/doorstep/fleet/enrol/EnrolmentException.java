package org.doorstep.fleet.enrol;

/**
 * An enrolment or token request was refused. The reason is returned to the client and logged; the
 * message carries no token, key material or personal data.
 */
public final class EnrolmentException extends RuntimeException {

  /** Why, with the HTTP status the API answers. */
  public enum Reason {
    /** The request is not well formed (missing member, bad device id, region or ttl). */
    MALFORMED(400),
    /** No token with this value was ever issued. */
    UNKNOWN_TOKEN(403),
    /** The token was already used for an enrolment. */
    TOKEN_USED(409),
    /** The token is past its expiry. */
    TOKEN_EXPIRED(403),
    /** The CSR's subject CN is not the device the token was issued for. */
    DEVICE_MISMATCH(403),
    /** The CSR is unreadable, its signature does not verify, or its key is not of the CA's suite. */
    CSR_INVALID(400),
    /** The device id is already registered with another key (or revoked). */
    DEVICE_TAKEN(409),
    /** Renewal without a TLS client certificate (or not over HTTPS). */
    CERTIFICATE_REQUIRED(401),
    /** Renewal with a client certificate past its notAfter: the device must enrol again. */
    CERTIFICATE_EXPIRED(401),
    /** Renewal with a client certificate not issued by the fleet TLS CA, not yet valid, or not a device certificate. */
    CERTIFICATE_INVALID(401),
    /** Renewal by a device the fleet does not know. */
    UNKNOWN_DEVICE(403),
    /** Renewal by a revoked device, or a token asked for a revoked device id. */
    DEVICE_REVOKED(403),
    /** Renewal with a CSR for another key than the registered (or presented) one: a new key needs a new enrolment. */
    KEY_MISMATCH(403);

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

  /** A refusal for {@code reason}; no stack trace (an expected, frequent failure). */
  public EnrolmentException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }
}
