package org.doorstep.config.contract;

/**
 * A payload that is not a valid v1 message. The {@link Reason} is what a rejection ack carries; the
 * message names the offending member by its path ({@code body.seq: must be >= 0}). Carries no stack
 * trace: malformed input is expected, not exceptional.
 */
public final class WireException extends RuntimeException {
  /** Why a payload was refused. Stable names: they appear in rejection acks and logs. */
  public enum Reason {
    /** Not UTF-8 JSON, or not a JSON object. */
    MALFORMED,
    /** {@code v} is missing or not a version this code speaks. */
    UNSUPPORTED_VERSION,
    /** {@code type} is missing or unknown. */
    UNKNOWN_TYPE,
    /** The type does not belong on the topic it arrived on. */
    WRONG_TOPIC,
    /** A body member is missing, has the wrong type or an invalid value. */
    INVALID_BODY,
    /** A required signature is missing or its {@code sig} member is malformed. */
    MISSING_SIGNATURE,
    /** The message cannot be encoded canonically (e.g. a non-integer number). */
    NOT_CANONICAL,
    /** Larger than {@link WireCodec#MAX_PAYLOAD_BYTES}. */
    TOO_LARGE
  }

  private final Reason reason;

  public WireException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
