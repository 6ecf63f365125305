package org.doorstep.config.crypto;

/**
 * A certificate or certificate request was refused. {@link #reason()} says why in a word that can
 * be logged and returned to a client; the message adds detail without key material or personal data.
 */
public final class CertificateException extends RuntimeException {

  /** Why a certificate or CSR was refused. */
  public enum Reason {
    /** Not parseable as PEM / DER of the expected kind. */
    MALFORMED,
    /** The CSR's self-signature does not verify with the key it carries. */
    CSR_SIGNATURE_INVALID,
    /** The CSR's subject CN is not the device id it was expected to name. */
    SUBJECT_MISMATCH,
    /** The key is neither Ed25519 nor SM2, or of another algorithm than the CA's suite. */
    UNSUPPORTED_KEY,
    /** The certificate was not issued (signed) by the given CA. */
    WRONG_ISSUER,
    /** The certificate (or its CA) is past its notAfter at the instant checked. */
    EXPIRED,
    /** The certificate (or its CA) is before its notBefore at the instant checked. */
    NOT_YET_VALID,
    /** The certificate is not a device (end-entity) certificate or the CA is not a CA. */
    WRONG_USAGE
  }

  private final Reason reason;

  /** A refusal for {@code reason}. */
  public CertificateException(Reason reason, String message) {
    super(reason + ": " + message, null, false, false);
    this.reason = reason;
  }

  /** A refusal for {@code reason} caused by {@code cause}. */
  public CertificateException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause, false, false);
    this.reason = reason;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }
}
