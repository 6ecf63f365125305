package org.doorstep.agent.identity;

/**
 * Enrolment or renewal failed, or the identity files are unusable. {@link #reason()} is what the
 * agent logs and the CLI maps to its exit code; the message adds detail and never carries a token or
 * key material.
 */
public final class IdentityException extends RuntimeException {

  /** Why. */
  public enum Reason {
    /** The kiosk has no certificate yet. */
    NOT_ENROLLED(false),
    /** Enrolment settings are missing ({@code uplink.enrolment.url} / {@code token}). */
    NOT_CONFIGURED(false),
    /** Neither a CA fingerprint nor a provisioned {@code tls-ca.pem}: the first contact cannot be authenticated. */
    NO_TRUST_ANCHOR(false),
    /** The fleet presented no CA certificate with the pinned fingerprint (or a provisioned CA disagrees). */
    FINGERPRINT_MISMATCH(false),
    /** The TLS handshake failed for another reason (host name, validity, protocol). */
    TLS_FAILED(false),
    /** The fleet could not be reached (connection refused, timeout, 5xx): retried with backoff. */
    FLEET_UNREACHABLE(true),
    /** The fleet knows no such token (mistyped, or issued by another fleet). */
    WRONG_TOKEN(false),
    /** The token was already spent by an enrolment. */
    TOKEN_USED(false),
    /** The token is past its expiry: ask the operator for a new one. */
    TOKEN_EXPIRED(false),
    /** The fleet revoked this device: it will not renew its certificate. */
    DEVICE_REVOKED(false),
    /** The current certificate expired before it was renewed: enrol again with a new token. */
    CERTIFICATE_EXPIRED(false),
    /** The fleet refused for another reason (named in the message: CSR_INVALID, DEVICE_TAKEN, KEY_MISMATCH…). */
    REFUSED(false),
    /** The fleet's answer is not what the protocol says, or its certificates do not match the keys. */
    BAD_RESPONSE(false),
    /** The key files cannot be read or written, or are of another suite than configured. */
    KEY_STORE(false);

    private final boolean retryable;

    Reason(boolean retryable) {
      this.retryable = retryable;
    }

    /** Whether trying again later may succeed without anyone acting. */
    public boolean retryable() {
      return retryable;
    }
  }

  private final Reason reason;

  /** A failure for {@code reason}; no stack trace (expected failures). */
  public IdentityException(Reason reason, String message) {
    super(reason + ": " + message, null, false, false);
    this.reason = reason;
  }

  /** A failure for {@code reason} caused by {@code cause}. */
  public IdentityException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause, false, false);
    this.reason = reason;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }
}
